package io.dif.core.config;

/** Where a paging parameter is sent. */
public enum ParamLocation {
  /** As a query parameter. */
  QUERY,
  /** As a top-level field of the JSON request body. */
  BODY
}
