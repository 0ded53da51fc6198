package io.dif.core.config;

/** How a stream walks from one page to the next. */
public enum PaginationType {
  /** One request, one page. */
  NONE,
  /** A token read from the body is sent back as a query parameter. */
  CURSOR,
  /** The body holds the absolute URL of the next page. */
  NEXT_URL
}
