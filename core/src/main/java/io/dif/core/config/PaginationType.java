package io.dif.core.config;

/** How a stream walks from one page to the next. */
public enum PaginationType {
  /** One request, one page. */
  NONE,
  /** A token read from the body is sent back as a query parameter or body field. */
  CURSOR,
  /** The body holds the URL of the next page. */
  NEXT_URL,
  /** The {@code Link} response header holds the next page's URL as {@code rel="next"}. */
  LINK_HEADER,
  /** A page number, counting from {@code first_page}, is sent as a parameter. */
  PAGE_NUMBER,
  /** The number of records already read is sent as a parameter. */
  OFFSET
}
