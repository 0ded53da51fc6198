package io.dif.core.config;

/** Where an API key is sent. */
public enum KeyLocation {
  HEADER,
  QUERY
}
