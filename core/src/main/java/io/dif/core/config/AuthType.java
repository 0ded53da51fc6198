package io.dif.core.config;

/** How a source authenticates its requests. */
public enum AuthType {
  /** No credentials. */
  NONE,
  /** {@code Authorization: Bearer <credential>}. */
  BEARER,
  /** The credential in a header named by {@code auth.header}. */
  API_KEY
}
