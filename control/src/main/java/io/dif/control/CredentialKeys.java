package io.dif.control;

import software.amazon.cryptography.materialproviders.IKeyring;

/**
 * The wrapping keys that protect credential data keys (envelope encryption): a local AES key
 * file ({@link LocalKeyFiles}) or AWS KMS keys ({@link KmsKeys}).
 *
 * <p>Rotation has two steps so it can be interrupted and run again: {@link #beginRotation()}
 * makes a next key active for encryption while the current one keeps decrypting;
 * {@link #completeRotation()} retires the old key once nothing is encrypted under it.
 */
public interface CredentialKeys {

  /** The keyring that encrypts new ciphertexts (the next key during a rotation). */
  IKeyring encrypting();

  /** A keyring that decrypts ciphertexts of the current and, during a rotation, the next key. */
  IKeyring decrypting();

  /** Name of the key {@link #encrypting()} uses; stored beside each ciphertext. */
  String activeKeyId();

  /** Starts (or resumes) a rotation; returns the id of the new key. */
  String beginRotation();

  /** Retires the old key; the new key becomes the current one. */
  void completeRotation();
}
