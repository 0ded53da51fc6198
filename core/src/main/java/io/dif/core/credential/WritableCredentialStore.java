package io.dif.core.credential;

import java.util.List;

/** A {@link CredentialStore} that operators can also write: {@code dif secrets put/list/delete}. */
public interface WritableCredentialStore extends CredentialStore {

  /** Stores or replaces the credential; {@code createdAt} survives a replacement. */
  void put(String client, String name, CredentialKind kind, Secret value);

  /**
   * Stores the credential unless one of that client and name exists, in one atomic step: of
   * several concurrent callers exactly one value is stored, and each caller gets that one back.
   *
   * @return the value stored now, whoever stored it
   */
  Secret putIfAbsent(String client, String name, CredentialKind kind, Secret value);

  /** Credentials of one client, or of all clients when {@code client} is null, by client and name. */
  List<CredentialInfo> list(String client);

  /** Removes the credential; false when there was none. */
  boolean delete(String client, String name);
}
