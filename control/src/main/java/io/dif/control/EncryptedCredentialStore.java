package io.dif.control;

import io.dif.core.credential.WritableCredentialStore;

/** A credential store that encrypts under {@link CredentialKeys} and can rotate them. */
public interface EncryptedCredentialStore extends WritableCredentialStore {

  /**
   * Re-encrypts every credential under a new wrapping key, then retires the old key; old and new
   * ciphertexts both decrypt until it completes, and an interrupted rotation can be run again.
   *
   * @return how many credentials this call re-encrypted
   */
  int rotateKey();
}
