package io.dif.core.config;

/** HTTP methods a stream request may use. */
public enum HttpMethod {
  GET,
  POST
}
