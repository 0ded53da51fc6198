package io.dif.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A column type as written in config, e.g. {@code decimal(18,4)}. */
@ConfigScalar(pattern = "string|int|long|double|boolean|date|timestamp|decimal\\(\\d+,\\d+\\)")
public record ColumnType(Kind kind, int precision, int scale) {
  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),(\\d+)\\)");

  /** The families of column types. */
  public enum Kind { STRING, INT, LONG, DOUBLE, BOOLEAN, DATE, TIMESTAMP, DECIMAL }

  public static ColumnType parse(String text) {
    Matcher decimal = DECIMAL.matcher(text);
    if (decimal.matches()) {
      int precision = Integer.parseInt(decimal.group(1));
      int scale = Integer.parseInt(decimal.group(2));
      if (precision < 1 || precision > 38 || scale > precision) {
        throw new IllegalArgumentException(
            "must be decimal(p,s) with 1 <= p <= 38 and s <= p");
      }
      return new ColumnType(Kind.DECIMAL, precision, scale);
    }
    for (Kind kind : Kind.values()) {
      if (kind != Kind.DECIMAL && kind.name().toLowerCase(Locale.ROOT).equals(text)) {
        return new ColumnType(kind, 0, 0);
      }
    }
    throw new IllegalArgumentException("must be one of string, int, long, double, boolean, date,"
        + " timestamp, decimal(p,s)");
  }

  @Override
  public String toString() {
    String name = kind.name().toLowerCase(Locale.ROOT);
    return kind == Kind.DECIMAL ? name + "(" + precision + "," + scale + ")" : name;
  }
}
