package io.dif.core.credential;

/** What a stored credential is; shown by {@code dif secrets list}, never with its value. */
public enum CredentialKind {
  API_KEY,
  ACCESS_TOKEN,
  REFRESH_TOKEN,
  CLIENT_SECRET,
  PASSWORD
}
