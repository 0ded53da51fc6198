package io.dif.extract.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * Writes a row as one JSON object, every column kept (nulls too) and typed so that nothing is
 * lost: integers and decimals as exact JSON numbers (a decimal's digits as the database gave
 * them), timestamps as ISO-8601 UTC instants (a timestamp without time zone is read as UTC),
 * dates and times as ISO-8601, binary values as base64, JSON columns as JSON, the rest as text.
 */
final class RowJson {
  private final String[] names;
  private final int[] types;
  private final String[] typeNames;

  RowJson(ResultSetMetaData meta) throws SQLException {
    int count = meta.getColumnCount();
    names = new String[count];
    types = new int[count];
    typeNames = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = meta.getColumnLabel(i + 1);
      typeNames[i] = meta.getColumnTypeName(i + 1).toLowerCase(java.util.Locale.ROOT);
      types[i] = KeysetColumn.TimeZoned.is(meta.getColumnType(i + 1), typeNames[i])
          ? Types.TIMESTAMP_WITH_TIMEZONE : meta.getColumnType(i + 1);
    }
  }

  void write(ResultSet row, JsonGenerator json) throws SQLException, IOException {
    json.writeStartObject();
    for (int i = 0; i < names.length; i++) {
      json.writeFieldName(names[i]);
      writeValue(row, i + 1, types[i], typeNames[i], json);
    }
    json.writeEndObject();
  }

  private static void writeValue(ResultSet row, int column, int type, String typeName,
      JsonGenerator json) throws SQLException, IOException {
    switch (type) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
        BigDecimal value = row.getBigDecimal(column);
        if (value == null) {
          json.writeNull();
        } else {
          json.writeNumber(value.toBigInteger());
        }
      }
      case Types.NUMERIC, Types.DECIMAL -> {
        BigDecimal value = row.getBigDecimal(column);
        if (value == null) {
          json.writeNull();
        } else {
          json.writeNumber(value.toPlainString());
        }
      }
      case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
        // the database's own shortest text: a real 0.1 stays 0.1, not its double widening
        String value = row.getString(column);
        if (value == null) {
          json.writeNull();
        } else if (value.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
          json.writeNumber(value);
        } else {
          json.writeString(value);
        }
      }
      case Types.BOOLEAN -> {
        boolean value = row.getBoolean(column);
        if (row.wasNull()) {
          json.writeNull();
        } else {
          json.writeBoolean(value);
        }
      }
      case Types.BIT -> writeObject(row.getObject(column), json);
      case Types.DATE -> writeText(row.getObject(column, LocalDate.class), json);
      case Types.TIME, Types.TIME_WITH_TIMEZONE -> writeText(row.getObject(column,
          LocalTime.class), json);
      case Types.TIMESTAMP -> {
        LocalDateTime value = row.getObject(column, LocalDateTime.class);
        writeText(value == null ? null : value.toInstant(ZoneOffset.UTC), json);
      }
      case Types.TIMESTAMP_WITH_TIMEZONE -> {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        writeText(value == null ? null : value.toInstant(), json);
      }
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
        byte[] value = row.getBytes(column);
        writeText(value == null ? null : Base64.getEncoder().encodeToString(value), json);
      }
      case Types.ARRAY -> {
        Array value = row.getArray(column);
        if (value == null) {
          json.writeNull();
        } else {
          writeObject(value.getArray(), json);
        }
      }
      default -> {
        String value = row.getString(column);
        if (value != null && (typeName.equals("json") || typeName.equals("jsonb"))) {
          json.writeRawValue(value);
        } else {
          json.writeString(value);
        }
      }
    }
  }

  /** A value of a bit, array or other column, by its Java type. */
  private static void writeObject(Object value, JsonGenerator json) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Boolean bool) {
      json.writeBoolean(bool);
    } else if (value instanceof byte[] bytes) {
      json.writeString(Base64.getEncoder().encodeToString(bytes));
    } else if (value instanceof BigDecimal decimal) {
      json.writeNumber(decimal.toPlainString());
    } else if (value instanceof BigInteger || value instanceof Long || value instanceof Integer
        || value instanceof Short) {
      json.writeNumber(new BigInteger(value.toString()));
    } else if (value instanceof Object[] items) {
      json.writeStartArray();
      for (Object item : items) {
        writeObject(item, json);
      }
      json.writeEndArray();
    } else {
      json.writeString(value.toString());
    }
  }

  private static void writeText(Object value, JsonGenerator json) throws IOException {
    if (value == null) {
      json.writeNull();
    } else {
      json.writeString(value.toString());
    }
  }
}
