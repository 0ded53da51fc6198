package io.dif.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Paging cursors: opaque base64 strings, like the Graph API's, that name the position of one row
 * in the ordered result. {@code before} names the first row of a page, {@code after} its last, and
 * a request with {@code after=X} starts at the row following X.
 */
final class PageCursors {

  private static final String PREFIX = "sandbox-row:";

  private PageCursors() {}

  static String encode(long rowIndex) {
    if (rowIndex < 0) {
      throw new IllegalArgumentException("Cannot encode cursor: negative row index: " + rowIndex);
    }
    byte[] text = (PREFIX + rowIndex).getBytes(StandardCharsets.US_ASCII);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
  }

  /** The row index a cursor names; a {@link GraphApiError} (400, code 100) if it is not one. */
  static long decode(String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException notBase64) {
      throw invalid(cursor);
    }
    String digits = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : "";
    if (digits.isEmpty()
        || !digits.chars().allMatch(character -> character >= '0' && character <= '9')) {
      throw invalid(cursor);
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException tooLarge) {
      throw invalid(cursor);
    }
  }

  private static GraphApiError invalid(String cursor) {
    return GraphApiError.invalidParameter("(#100) Invalid cursor: \"" + cursor + "\"");
  }
}
