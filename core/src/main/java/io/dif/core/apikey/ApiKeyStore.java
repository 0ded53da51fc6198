package io.dif.core.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API keys of push sources in the control store (SQLite or DynamoDB): only their keyed hashes
 * are stored, looked up by the id the key carries.
 */
public interface ApiKeyStore {

  /** Stores a new key; an id already stored is refused with an {@link IllegalStateException}. */
  void create(ApiKey key);

  Optional<ApiKey> find(String id);

  /** Every key (revoked ones too), of one client or of all when {@code client} is empty. */
  List<ApiKey> list(Optional<String> client);

  /** Revokes a key; false when there is no such key. Revoking twice keeps the first time. */
  boolean revoke(String id, Instant at);

  /** Records that the key was used (callers may do it at most once a minute per key). */
  void touch(String id, Instant at);
}
