package io.dif.core.credential;

/** Where credentials of clients are kept, by client and credential name. */
public interface CredentialStore {

  /**
   * The credential, or a {@link io.dif.core.error.ConfigurationException} with code
   * CREDENTIAL_MISSING naming client and credential (never a value).
   */
  Secret get(String client, String name);
}
