package io.dif.sandbox;

/**
 * Which rows a request asks for: {@code limit} rows from {@code firstRow}, read from the
 * {@code limit} and {@code after} query parameters.
 */
record PageRequest(long firstRow, int limit) {

  static final int DEFAULT_LIMIT = 25;
  static final int MAX_LIMIT = 100;

  /** Limits above {@value #MAX_LIMIT} are lowered to it, as the Graph API does. */
  static PageRequest from(QueryParameters query) {
    int limit = query.get("limit").map(PageRequest::parseLimit).orElse(DEFAULT_LIMIT);
    long firstRow = query.get("after").map(PageRequest::rowAfter).orElse(0L);
    return new PageRequest(firstRow, limit);
  }

  private static long rowAfter(String cursor) {
    long row = PageCursors.decode(cursor);
    // The last possible row has nothing after it: an empty page, not an overflow.
    return row == Long.MAX_VALUE ? row : row + 1;
  }

  private static int parseLimit(String text) {
    int limit;
    try {
      limit = Integer.parseInt(text);
    } catch (NumberFormatException notANumber) {
      throw invalidLimit(text);
    }
    if (limit < 1) {
      throw invalidLimit(text);
    }
    return Math.min(limit, MAX_LIMIT);
  }

  private static GraphApiError invalidLimit(String text) {
    return GraphApiError.invalidParameter(
        "(#100) Param limit must be a positive integer: \"" + text + "\"");
  }
}
