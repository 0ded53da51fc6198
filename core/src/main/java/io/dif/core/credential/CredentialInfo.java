package io.dif.core.credential;

import java.time.Instant;

/**
 * What is known about a stored credential without decrypting it: never its value.
 *
 * @param keyId the wrapping key that protects the stored ciphertext (a key name, not key material)
 */
public record CredentialInfo(String client, String name, CredentialKind kind, Instant createdAt,
    Instant updatedAt, String keyId) {
}
