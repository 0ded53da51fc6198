package io.dif.load;

import io.dif.core.config.ColumnConfig;
import io.dif.core.config.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Moves the rows of a DuckDB query into PostgreSQL with one {@code COPY ... FROM STDIN (FORMAT
 * binary)}, in a single streaming pass: DuckDB reads the Parquet and turns each value into the
 * number or bytes PostgreSQL stores (days and microseconds since 2000, UTF-8 text), and this
 * class frames them (decimals as base-10000 digits) in the binary COPY format into one reused
 * buffer. Columns with one value for the whole batch ({@code _client}, {@code _loaded_at}) are
 * framed once here rather than fetched for every row. The server then parses no text: its
 * binary input functions take about half the time of CSV's text ones (dates, timestamps and
 * numerics are the slowest to parse), and no value is rendered as text on this side either. Values keep their exact type: an empty string and NULL stay apart without
 * quoting rules.
 */
final class PostgresCopy {
  private static final int BUFFER_BYTES = 1 << 20;
  /** Microseconds from 1970-01-01 (DuckDB's epoch) to 2000-01-01 (PostgreSQL's). */
  private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
  private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r',
      '\n', 0};
  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private PostgresCopy() {}

  /**
   * The types of {@code names} among the table's columns: the dataset's, {@code _client} (text),
   * {@code dt} (date) and {@code _loaded_at} (timestamp).
   */
  static List<ColumnType> types(List<ColumnConfig> columns, List<String> names) {
    List<ColumnType> types = new ArrayList<>();
    for (String name : names) {
      types.add(switch (name) {
        case LoadStatements.CLIENT_COLUMN -> new ColumnType(ColumnType.Kind.STRING, 0, 0);
        case LoadStatements.DATE_COLUMN -> new ColumnType(ColumnType.Kind.DATE, 0, 0);
        case LoadStatements.LOADED_AT_COLUMN -> new ColumnType(ColumnType.Kind.TIMESTAMP, 0, 0);
        default -> columns.stream().filter(c -> c.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no column " + name)).type();
      });
    }
    return types;
  }

  /**
   * The query DuckDB runs: {@code rows} (returning {@code columns}, typed as the dataset says)
   * with each value as the binary COPY format carries it.
   */
  static String wireQuery(String rows, List<String> columns, List<ColumnType> types) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String column = "r." + columns.get(i);
      ColumnType type = types.get(i);
      values.add(switch (type.kind()) {
        case STRING -> "encode(" + column + ")";
        // decimals travel as they are: the driver builds them from the unscaled integer, far
        // cheaper than scaling them to an integer in SQL (128-bit arithmetic with checks)
        case INT, LONG, DOUBLE, BOOLEAN, DECIMAL -> column;
        case DATE -> "CAST(" + column + " - DATE '2000-01-01' AS INTEGER)";
        case TIMESTAMP -> "epoch_us(" + column + ") - " + POSTGRES_EPOCH_MICROS;
      });
    }
    return "SELECT " + values.stream().collect(Collectors.joining(", ")) + " FROM (" + rows
        + ") AS r";
  }

  /**
   * Runs {@code rows} on DuckDB and copies them into {@code columns} of {@code table} in one
   * COPY; returns the rows copied. The columns in {@code constants} (a field as {@link #text} or
   * {@link #timestamp} frame it) take that value in every row and are not read from {@code rows}.
   * On failure the COPY is cancelled, so the enclosing transaction can only roll back.
   */
  static long copy(String rows, List<String> columns, List<ColumnType> types,
      Map<String, byte[]> constants, Connection postgres, String table) throws SQLException {
    List<String> queried = new ArrayList<>();
    List<ColumnType> queriedTypes = new ArrayList<>();
    byte[][] constantFields = new byte[columns.size()][];
    ColumnType[] columnTypes = new ColumnType[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      constantFields[i] = constants.get(columns.get(i));
      if (constantFields[i] == null) {
        queried.add(columns.get(i));
        queriedTypes.add(types.get(i));
        columnTypes[i] = types.get(i);
      }
    }
    CopyIn copy = null;
    try (Connection duckDb = CuratedParquet.openReader();
        Statement statement = duckDb.createStatement();
        ResultSet values = statement.executeQuery(wireQuery(rows, queried, queriedTypes))) {
      copy = postgres.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " ("
          + String.join(", ", columns) + ") FROM STDIN (FORMAT binary)");
      Frames out = new Frames(copy);
      out.bytes(SIGNATURE, 0, SIGNATURE.length);
      out.int32(0); // flags: no OIDs
      out.int32(0); // no header extension
      int count = columnTypes.length;
      while (values.next()) {
        out.int16(count);
        for (int i = 0, index = 1; i < count; i++) {
          if (constantFields[i] != null) {
            out.bytes(constantFields[i], 0, constantFields[i].length);
          } else {
            value(values, index++, columnTypes[i], out);
          }
        }
      }
      out.int16(-1); // end of data
      out.flush();
      return copy.endCopy();
    } finally {
      if (copy != null && copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /** A text field (length and UTF-8 bytes), for {@link #copy}'s constants. */
  static byte[] text(String value) {
    byte[] text = value.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + text.length).putInt(text.length).put(text).array();
  }

  /** A timestamp field (UTC wall-clock time, to the microsecond), for {@link #copy}'s constants. */
  static byte[] timestamp(Instant value) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, value) - POSTGRES_EPOCH_MICROS;
    return ByteBuffer.allocate(12).putInt(8).putLong(micros).array();
  }

  /** One field: its length (-1 for NULL) then its bytes, as PostgreSQL's receive functions read. */
  private static void value(ResultSet values, int index, ColumnType type, Frames out)
      throws SQLException {
    switch (type.kind()) {
      case STRING -> {
        byte[] text = values.getBytes(index);
        if (text == null) {
          out.int32(-1);
        } else {
          out.int32(text.length);
          out.bytes(text, 0, text.length);
        }
      }
      case INT, DATE -> {
        int value = values.getInt(index);
        if (values.wasNull()) {
          out.int32(-1);
        } else {
          out.int32(4);
          out.int32(value);
        }
      }
      case LONG, TIMESTAMP -> {
        long value = values.getLong(index);
        if (values.wasNull()) {
          out.int32(-1);
        } else {
          out.int32(8);
          out.int64(value);
        }
      }
      case DOUBLE -> {
        double value = values.getDouble(index);
        if (values.wasNull()) {
          out.int32(-1);
        } else {
          out.int32(8);
          out.int64(Double.doubleToRawLongBits(value));
        }
      }
      case BOOLEAN -> {
        boolean value = values.getBoolean(index);
        if (values.wasNull()) {
          out.int32(-1);
        } else {
          out.int32(1);
          out.int8(value ? 1 : 0);
        }
      }
      case DECIMAL -> {
        BigDecimal value = values.getBigDecimal(index);
        if (value == null) {
          out.int32(-1);
        } else {
          numeric(value, type.scale(), out);
        }
      }
      default -> throw new IllegalStateException("no binary form for " + type);
    }
  }

  /**
   * A numeric of {@code unscaled} / 10^{@code scale} in PostgreSQL's binary form: digit count,
   * weight, sign and display scale, then base-10000 digits, most significant first, without
   * leading or trailing zero digits. The unscaled value is shifted so the decimal point falls
   * between two base-10000 digits, then split from the right with divisions by a constant (the
   * JIT turns them into multiplications).
   */
  private static void numeric(long unscaled, int scale, Frames out) throws SQLException {
    long abs = Math.abs(unscaled); // under 2^62: never Long.MIN_VALUE
    int shift = (4 - scale % 4) % 4;
    if (abs > Long.MAX_VALUE / POW10[shift]) {
      numericText(BigDecimal.valueOf(unscaled, scale), scale, out); // beyond a long once shifted
      return;
    }
    long rest = abs * POW10[shift];
    int fractionDigits = (scale + shift) / 4;
    short[] digits = out.digits; // least significant first
    int n = 0;
    while (rest > 0) {
      digits[n++] = (short) (rest % 10_000);
      rest /= 10_000;
    }
    int lowest = 0;
    while (lowest < n && digits[lowest] == 0) {
      lowest++;
    }
    int count = n - lowest;
    out.int32(8 + 2 * count);
    out.int16(count);
    out.int16(count == 0 ? 0 : n - fractionDigits - 1);
    out.int16(unscaled < 0 ? 0x4000 : 0);
    out.int16(scale);
    for (int i = n - 1; i >= lowest; i--) {
      out.int16(digits[i]);
    }
  }

  /** A decimal, rounded to the column's scale as PostgreSQL would (they already agree). */
  static void numeric(BigDecimal value, int scale, Frames out) throws SQLException {
    BigDecimal scaled = value.setScale(scale, RoundingMode.HALF_UP);
    BigInteger unscaled = scaled.unscaledValue();
    if (unscaled.bitLength() < 62) {
      numeric(unscaled.longValue(), scale, out);
    } else {
      numericText(scaled, scale, out);
    }
  }

  /** A decimal of any size at the column's scale, through its digits as text (rare). */
  private static void numericText(BigDecimal value, int scale, Frames out) throws SQLException {
    String plain = value.setScale(scale, RoundingMode.HALF_UP).abs().toPlainString();
    int point = plain.indexOf('.');
    String integer = point < 0 ? plain : plain.substring(0, point);
    String fraction = point < 0 ? "" : plain.substring(point + 1);
    if (integer.equals("0")) {
      integer = "";
    }
    integer = "0".repeat((4 - integer.length() % 4) % 4) + integer;
    fraction = fraction + "0".repeat((4 - fraction.length() % 4) % 4);
    String all = integer + fraction;
    short[] digits = new short[all.length() / 4];
    for (int i = 0; i < digits.length; i++) {
      digits[i] = Short.parseShort(all.substring(4 * i, 4 * i + 4));
    }
    int n = digits.length;
    int weight = integer.length() / 4 - 1;
    boolean negative = value.signum() < 0;
    int first = 0;
    while (first < n && digits[first] == 0) {
      first++;
      weight--;
    }
    int last = n;
    while (last > first && digits[last - 1] == 0) {
      last--;
    }
    int count = last - first;
    out.int32(8 + 2 * count);
    out.int16(count);
    out.int16(count == 0 ? 0 : weight);
    out.int16(negative && count > 0 ? 0x4000 : 0);
    out.int16(scale);
    for (int i = first; i < last; i++) {
      out.int16(digits[i]);
    }
  }

  /** Big-endian framing into one reused buffer, sent to the COPY whenever it fills. */
  static final class Frames {
    private final CopyIn copy;
    private final byte[] buffer;
    private int position;
    /** Scratch space for a numeric's base-10000 digits (at most 6 for 21 decimal digits). */
    final short[] digits = new short[8];

    Frames(CopyIn copy) {
      this.copy = copy;
      this.buffer = new byte[BUFFER_BYTES];
    }

    void int8(int value) throws SQLException {
      room(1);
      buffer[position++] = (byte) value;
    }

    void int16(int value) throws SQLException {
      room(2);
      buffer[position++] = (byte) (value >>> 8);
      buffer[position++] = (byte) value;
    }

    void int32(int value) throws SQLException {
      room(4);
      buffer[position++] = (byte) (value >>> 24);
      buffer[position++] = (byte) (value >>> 16);
      buffer[position++] = (byte) (value >>> 8);
      buffer[position++] = (byte) value;
    }

    void int64(long value) throws SQLException {
      int32((int) (value >>> 32));
      int32((int) value);
    }

    void bytes(byte[] bytes, int offset, int length) throws SQLException {
      if (length > buffer.length - position) {
        flush();
        if (length > buffer.length) {
          send(bytes, offset, length);
          return;
        }
      }
      System.arraycopy(bytes, offset, buffer, position, length);
      position += length;
    }

    private void room(int bytes) throws SQLException {
      if (buffer.length - position < bytes) {
        flush();
      }
    }

    void flush() throws SQLException {
      if (position > 0) {
        send(buffer, 0, position);
        position = 0;
      }
    }

    private void send(byte[] bytes, int offset, int length) throws SQLException {
      copy.writeToCopy(bytes, offset, length);
    }
  }
}
