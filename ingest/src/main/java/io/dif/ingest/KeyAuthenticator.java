package io.dif.ingest;

import io.dif.core.apikey.ApiKey;
import io.dif.core.apikey.ApiKeyStore;
import io.dif.core.apikey.ApiKeys;
import io.dif.core.credential.WritableCredentialStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the API key of a request ({@code X-Api-Key: KEY} or {@code Authorization: Bearer KEY}):
 * no key or an unknown, wrong or revoked key is 401; a valid key of another client or source is
 * 403. Keys are read from the store at most every few seconds (a revocation takes effect within
 * that), the last use recorded at most once a minute per key.
 */
final class KeyAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(KeyAuthenticator.class);
  private static final Duration CACHE = Duration.ofSeconds(5);
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final ApiKeyStore keys;
  private final WritableCredentialStore credentials;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, byte[]> hashingSecrets = new ConcurrentHashMap<>();
  private final Map<String, Instant> touched = new ConcurrentHashMap<>();

  KeyAuthenticator(ApiKeyStore keys, WritableCredentialStore credentials, Clock clock) {
    this.keys = keys;
    this.credentials = credentials;
    this.clock = clock;
  }

  private record Cached(Optional<ApiKey> key, Instant readAt) {}

  /** The key id of a request allowed to push to the client's source. */
  String authenticate(Optional<String> header, Optional<String> authorization, String client,
      String source) {
    String key = header.filter(h -> !h.isBlank())
        .or(() -> authorization.filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(a -> a.substring(7)))
        .map(String::trim)
        .orElseThrow(() -> new ApiError(401, "Cannot accept the request: no API key (send"
            + " X-Api-Key: KEY or Authorization: Bearer KEY)"));
    String id = ApiKeys.idOf(key).orElseThrow(() -> new ApiError(401,
        "Cannot accept the request: the API key is not a DIF key (difk_...)"));
    Instant now = clock.instant();
    Cached cached = cache.compute(id, (k, old) -> old != null
        && old.readAt().plus(CACHE).isAfter(now) ? old : new Cached(keys.find(id), now));
    ApiKey stored = cached.key().orElseThrow(() -> new ApiError(401,
        "Cannot accept the request: unknown API key " + id));
    byte[] secret = hashingSecrets.computeIfAbsent(stored.client(),
        c -> ApiKeyIssuer.hashingSecret(credentials, c));
    if (!ApiKeys.matches(secret, key, stored.hash())) {
      throw new ApiError(401, "Cannot accept the request: wrong API key " + id);
    }
    if (stored.revoked()) {
      throw new ApiError(401, "Cannot accept the request: API key " + id + " is revoked");
    }
    if (!stored.client().equals(client) || !stored.source().equals(source)) {
      throw new ApiError(403, "Cannot accept the request: API key " + id + " may push to "
          + stored.client() + "." + stored.source() + " only, not to " + client + "." + source);
    }
    touch(id, now);
    return id;
  }

  private void touch(String id, Instant now) {
    Instant last = touched.get(id);
    if (last == null || !last.plus(TOUCH_EVERY).isAfter(now)) {
      touched.put(id, now);
      try {
        keys.touch(id, now);
      } catch (RuntimeException e) {
        LOG.warn("Cannot record the use of API key {}: {}", id, e.getMessage());
      }
    }
  }
}
