package io.dif.core.config;

/** How a source authenticates its requests. */
public enum AuthType {
  /** No credentials. */
  NONE,
  /** {@code Authorization: Bearer <credential>}. */
  BEARER,
  /** The credential in a header ({@code auth.header}) or query parameter ({@code auth.param}). */
  API_KEY,
  /** {@code Authorization: Basic}, with {@code auth.username} and the credential as password. */
  BASIC,
  /**
   * OAuth2 refresh-token flow: the credential is the refresh token; access tokens are fetched
   * from {@code auth.token_url}, cached until they expire and refreshed on expiry or on a 401.
   */
  OAUTH2
}
