package io.dif.extract.jdbc;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A column that orders the rows of a jdbc stream (its watermark or its key), by the kind of
 * value it holds: values travel through checkpoints as text and are bound back with their type,
 * so the database compares them as the column's own type (and uses its index).
 */
enum KeysetColumn {
  INTEGER, DECIMAL, TIMESTAMP, TIMESTAMP_TZ, DATE, TEXT;

  /** PostgreSQL's driver reports timestamptz as TIMESTAMP: its type name tells them apart. */
  static KeysetColumn of(int sqlType, String typeName) {
    if (TimeZoned.is(sqlType, typeName)) {
      return TIMESTAMP_TZ;
    }
    return switch (sqlType) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
      case Types.NUMERIC, Types.DECIMAL, Types.REAL, Types.FLOAT, Types.DOUBLE -> DECIMAL;
      case Types.TIMESTAMP -> TIMESTAMP;
      case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_TZ;
      case Types.DATE -> DATE;
      default -> TEXT;
    };
  }

  /** The value of {@code column} as checkpoint text, or null. */
  String read(ResultSet rows, int column) throws SQLException {
    return switch (this) {
      case INTEGER -> {
        BigDecimal value = rows.getBigDecimal(column);
        yield value == null ? null : value.toBigInteger().toString();
      }
      case DECIMAL -> {
        BigDecimal value = rows.getBigDecimal(column);
        yield value == null ? null : value.toPlainString();
      }
      case TIMESTAMP -> text(rows.getObject(column, LocalDateTime.class));
      case TIMESTAMP_TZ -> {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        yield value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC).toString();
      }
      case DATE -> text(rows.getObject(column, LocalDate.class));
      case TEXT -> rows.getString(column);
    };
  }

  /** Binds checkpoint text as this column's type. */
  void bind(PreparedStatement statement, int index, String text) throws SQLException {
    switch (this) {
      case INTEGER -> statement.setLong(index, Long.parseLong(text));
      case DECIMAL -> statement.setBigDecimal(index, new BigDecimal(text));
      case TIMESTAMP -> statement.setObject(index, LocalDateTime.parse(text));
      case TIMESTAMP_TZ -> statement.setObject(index, OffsetDateTime.parse(text));
      case DATE -> statement.setObject(index, LocalDate.parse(text));
      case TEXT -> statement.setString(index, text);
    }
  }

  boolean temporal() {
    return this == TIMESTAMP || this == TIMESTAMP_TZ || this == DATE;
  }

  /** The value {@code lookback} before {@code text}, for a temporal column. */
  String minus(String text, Duration lookback) {
    return switch (this) {
      case TIMESTAMP -> LocalDateTime.parse(text).minus(lookback).toString();
      case TIMESTAMP_TZ -> OffsetDateTime.parse(text).minus(lookback).toString();
      case DATE -> LocalDate.parse(text).minusDays((lookback.toSeconds() + 86399) / 86400)
          .toString();
      default -> throw new IllegalStateException("no lookback for a " + this + " column");
    };
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  /** Timestamps with a time zone, however the driver reports them. */
  static final class TimeZoned {
    private TimeZoned() {}

    static boolean is(int sqlType, String typeName) {
      return sqlType == Types.TIMESTAMP_WITH_TIMEZONE || sqlType == Types.TIMESTAMP
          && typeName.toLowerCase(java.util.Locale.ROOT).startsWith("timestamptz");
    }
  }
}
