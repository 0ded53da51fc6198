package io.dif.transform;

/** Facts about Spark datetime patterns ({@code M/d/yyyy h:mm:ss a}) that typing needs. */
final class DatetimePatterns {
  /** Pattern letters that read a zone or an offset. */
  private static final String OFFSET_LETTERS = "VzOXxZ";

  private DatetimePatterns() {}

  /** Whether the pattern reads a zone or an offset (letters inside quotes are literal text). */
  static boolean hasOffset(String pattern) {
    boolean quoted = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && OFFSET_LETTERS.indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }
}
