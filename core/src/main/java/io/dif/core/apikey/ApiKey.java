package io.dif.core.apikey;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored API key: who it lets push where, and the keyed hash of the key (never the key).
 *
 * @param id the public part of the key, shown by {@code dif keys list}
 * @param hash HMAC-SHA256 of the whole key under the client's hashing secret, hex
 */
public record ApiKey(String id, String client, String source, String hash, Instant createdAt,
    Optional<Instant> lastUsedAt, Optional<Instant> revokedAt) {

  public boolean revoked() {
    return revokedAt.isPresent();
  }
}
