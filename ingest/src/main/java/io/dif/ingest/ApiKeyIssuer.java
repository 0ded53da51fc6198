package io.dif.ingest;

import io.dif.core.apikey.ApiKey;
import io.dif.core.apikey.ApiKeyStore;
import io.dif.core.apikey.ApiKeys;
import io.dif.core.credential.CredentialKind;
import io.dif.core.credential.Secret;
import io.dif.core.credential.WritableCredentialStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * Creates API keys: a new key is shown once, and only its HMAC under the client's hashing
 * secret (a random value kept encrypted in the credential store, created on first use) is
 * stored. The server checks keys with the same secret.
 */
public final class ApiKeyIssuer {
  /** Name of the client's credential that keys its API key hashes. */
  public static final String HASHING_SECRET = "dif_api_key_hashing";

  private final ApiKeyStore keys;
  private final WritableCredentialStore credentials;
  private final Clock clock;

  public ApiKeyIssuer(ApiKeyStore keys, WritableCredentialStore credentials, Clock clock) {
    this.keys = keys;
    this.credentials = credentials;
    this.clock = clock;
  }

  /** A new key of the client's push source; the caller prints it once. */
  public ApiKeys.NewKey create(String client, String source) {
    byte[] hashing = hashingSecret(credentials, client);
    ApiKeys.NewKey key = ApiKeys.generate();
    keys.create(new ApiKey(key.id(), client, source, ApiKeys.hash(hashing, key.key()),
        clock.instant(), Optional.empty(), Optional.empty()));
    return key;
  }

  /** The client's hashing secret, created (once, atomically) when it has none. */
  static byte[] hashingSecret(WritableCredentialStore credentials, String client) {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    Secret stored = credentials.putIfAbsent(client, HASHING_SECRET, CredentialKind.CLIENT_SECRET,
        Secret.of(Base64.getEncoder().encodeToString(random)));
    return stored.reveal().getBytes(StandardCharsets.UTF_8);
  }
}
