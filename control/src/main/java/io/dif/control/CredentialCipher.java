package io.dif.control;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.ParsedCiphertext;
import io.dif.core.credential.Secret;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Encrypts credential values with the AWS Encryption SDK (envelope encryption: a fresh data key
 * per value, wrapped by {@link CredentialKeys}). The encryption context binds each ciphertext to
 * its client and credential name, so a ciphertext copied to another row does not decrypt.
 */
final class CredentialCipher {
  static final String CLIENT = "dif:client";
  static final String CREDENTIAL = "dif:credential";

  private final AwsCrypto crypto = AwsCrypto.builder()
      .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
  private final CredentialKeys keys;

  CredentialCipher(CredentialKeys keys) {
    this.keys = keys;
  }

  CredentialKeys keys() {
    return keys;
  }

  byte[] encrypt(String client, String name, Secret value) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value.reveal()));
    byte[] plaintext = new byte[encoded.remaining()];
    encoded.get(plaintext);
    try {
      return crypto.encryptData(keys.encrypting(), plaintext, context(client, name)).getResult();
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  Secret decrypt(String client, String name, byte[] ciphertext) {
    Map<String, String> expected = context(client, name);
    CryptoResult<byte[], ?> result;
    try {
      result = crypto.decryptData(keys.decrypting(), ciphertext, expected);
    } catch (RuntimeException e) {
      // the SDK's message names no plaintext; ours says which of the likely causes applies
      throw new ConfigurationException(ErrorCode.CREDENTIAL_UNREADABLE, "Cannot decrypt"
          + " credential " + client + "." + name + ": " + reason(ciphertext, expected) + " ("
          + e.getClass().getSimpleName() + ")");
    }
    for (Map.Entry<String, String> entry : expected.entrySet()) {
      if (!entry.getValue().equals(result.getEncryptionContext().get(entry.getKey()))) {
        throw new ConfigurationException(ErrorCode.CREDENTIAL_UNREADABLE, "Cannot decrypt"
            + " credential " + client + "." + name + ": " + reason(ciphertext, expected));
      }
    }
    byte[] plaintext = result.getResult();
    try {
      return Secret.of(StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plaintext)).toString());
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  static Map<String, String> context(String client, String name) {
    return Map.of(CLIENT, client, CREDENTIAL, name);
  }

  private String reason(byte[] ciphertext, Map<String, String> expected) {
    Map<String, String> bound;
    try {
      bound = new ParsedCiphertext(ciphertext).getEncryptionContextMap();
    } catch (RuntimeException e) {
      return "the stored ciphertext is damaged";
    }
    if (!expected.get(CLIENT).equals(bound.get(CLIENT))
        || !expected.get(CREDENTIAL).equals(bound.get(CREDENTIAL))) {
      return "the ciphertext belongs to credential " + bound.get(CLIENT) + "."
          + bound.get(CREDENTIAL) + " and was copied here";
    }
    return "the ciphertext was altered or its wrapping key is not available (active key "
        + keys.activeKeyId() + ")";
  }
}
