package io.dif.extract.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dif.core.config.JdbcDriver;
import io.dif.core.config.JdbcSourceConfig;
import io.dif.core.config.JdbcStreamConfig;
import io.dif.core.credential.Secret;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DataException;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The rows of one jdbc stream, read by keyset: each page is one query
 * {@code ... WHERE (wm, key) > (?, ?) AND wm <= ? ORDER BY wm, key LIMIT n} in a read-only
 * transaction of its own, streamed from the server {@code fetch_size} rows at a time and
 * written as JSON Lines as it arrives, so memory does not grow with the table.
 */
public final class JdbcTable implements AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();

  private final String qualified;
  private final JdbcSourceConfig source;
  private final JdbcStreamConfig stream;
  private final Connection connection;
  private final String from;
  private final String quote;
  private final KeysetColumn watermarkKind;
  private final KeysetColumn keyKind;

  /** Where a page ended: the (watermark, key) of its last row; key null without a key column. */
  public record Position(String watermark, String key) {}

  /**
   * What one page reads: rows after {@code after} (or from {@code fromInclusive} on, the
   * lookback's start, or from the first row), up to the watermark {@code upper}.
   */
  public record Bounds(Optional<String> fromInclusive, Optional<Position> after, String upper,
      int limit) {}

  /** A page read: its rows, and the position of its last row (empty without rows). */
  public record Page(long rows, Optional<Position> last) {}

  private JdbcTable(String qualified, JdbcSourceConfig source, JdbcStreamConfig stream,
      Connection connection) throws SQLException {
    this.qualified = qualified;
    this.source = source;
    this.stream = stream;
    this.connection = connection;
    this.quote = source.driver() == JdbcDriver.MYSQL ? "`" : "\"";
    this.from = stream.table().orElseGet(() -> "(" + stream.query().orElseThrow() + ") dif_rows");
    String columns = column(stream.watermark()) + stream.key().map(k -> ", " + column(k))
        .orElse("");
    try (Statement probe = connection.createStatement();
        ResultSet empty = probe.executeQuery("SELECT " + columns + " FROM " + from
            + " WHERE 1 = 0")) {
      ResultSetMetaData meta = empty.getMetaData();
      watermarkKind = KeysetColumn.of(meta.getColumnType(1), meta.getColumnTypeName(1));
      keyKind = stream.key().isPresent()
          ? KeysetColumn.of(meta.getColumnType(2), meta.getColumnTypeName(2)) : null;
    } finally {
      connection.rollback();
    }
  }

  /** Connects as the given user, read-only and without auto-commit. */
  public static JdbcTable open(String qualified, JdbcSourceConfig source, JdbcStreamConfig stream,
      Secret user, Secret password) {
    Properties properties = new Properties();
    properties.setProperty("user", user.reveal());
    properties.setProperty("password", password.reveal());
    long timeout = Math.max(1, source.connectTimeout().toSeconds());
    if (source.driver() == JdbcDriver.MYSQL) {
      properties.setProperty("connectTimeout", Long.toString(timeout * 1000));
      properties.setProperty("useCursorFetch", "true"); // fetch_size rows at a time
    } else {
      properties.setProperty("connectTimeout", Long.toString(timeout));
      properties.setProperty("loginTimeout", Long.toString(timeout));
      properties.setProperty("ApplicationName", "dif");
    }
    Connection connection = null;
    try {
      connection = DriverManager.getConnection(source.url(), properties);
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      return new JdbcTable(qualified, source, stream, connection);
    } catch (SQLException e) {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException closing) {
          e.addSuppressed(closing);
        }
      }
      throw failure(qualified, "read the columns of " + describe(stream) + " at "
          + redacted(source.url()), e);
    }
  }

  /** The largest watermark now: a run reads up to it; empty for a table without rows. */
  public Optional<String> upperBound() {
    String sql = "SELECT max(" + column(stream.watermark()) + ") FROM " + from;
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(queryTimeoutSeconds());
      try (ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        return Optional.ofNullable(watermarkKind.read(rows, 1));
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw failure(qualified, "read the largest " + stream.watermark() + " of "
          + describe(stream), e);
    }
  }

  /** The watermark {@code lookback} before {@code watermark}. */
  public String lookbackFrom(String watermark, Duration lookback) {
    if (!watermarkKind.temporal()) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot read stream "
          + qualified + ": lookback " + lookback + " needs a timestamp or date watermark, and "
          + stream.watermark() + " is a " + watermarkKind.name().toLowerCase() + " column");
    }
    return watermarkKind.minus(watermark, lookback);
  }

  /** Reads one page into {@code out} as JSON Lines. */
  public Page readPage(Bounds bounds, OutputStream out) throws IOException {
    String wm = column(stream.watermark());
    List<String> conditions = new ArrayList<>();
    bounds.fromInclusive().ifPresent(value -> conditions.add(wm + " >= ?"));
    bounds.after().ifPresent(after -> conditions.add(stream.key().isPresent()
        ? "(" + wm + ", " + column(stream.key().get()) + ") > (?, ?)" : wm + " > ?"));
    conditions.add(wm + " <= ?");
    String sql = "SELECT * FROM " + from + " WHERE " + String.join(" AND ", conditions)
        + " ORDER BY " + wm + stream.key().map(k -> ", " + column(k)).orElse("") + " LIMIT ?";
    try (PreparedStatement statement = connection.prepareStatement(sql,
        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      statement.setFetchSize(stream.fetchSize());
      statement.setQueryTimeout(queryTimeoutSeconds());
      int index = 1;
      if (bounds.fromInclusive().isPresent()) {
        watermarkKind.bind(statement, index++, bounds.fromInclusive().get());
      }
      if (bounds.after().isPresent()) {
        watermarkKind.bind(statement, index++, bounds.after().get().watermark());
        if (keyKind != null) {
          keyKind.bind(statement, index++, bounds.after().get().key());
        }
      }
      watermarkKind.bind(statement, index++, bounds.upper());
      statement.setInt(index, bounds.limit());
      try (ResultSet rows = statement.executeQuery()) {
        return write(rows, out);
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw failure(qualified, "read a page of " + describe(stream), e);
    }
  }

  private Page write(ResultSet rows, OutputStream out) throws SQLException, IOException {
    RowJson row = new RowJson(rows.getMetaData());
    int watermarkColumn = rows.findColumn(stream.watermark());
    int keyColumn = stream.key().isPresent() ? rows.findColumn(stream.key().get()) : -1;
    long count = 0;
    String lastWatermark = null;
    String lastKey = null;
    JsonGenerator json = JSON.createGenerator(new NotClosing(out));
    json.setRootValueSeparator(null);
    while (rows.next()) {
      row.write(rows, json);
      json.writeRaw('\n');
      lastWatermark = watermarkKind.read(rows, watermarkColumn);
      lastKey = keyColumn < 0 ? null : keyKind.read(rows, keyColumn);
      count++;
    }
    json.close();
    return new Page(count, count == 0 ? Optional.empty()
        : Optional.of(new Position(lastWatermark, lastKey)));
  }

  /** The source as the manifest names it: the URL without its parameters, and the table. */
  public String description() {
    return redacted(source.url()) + "#" + stream.table().orElse("query");
  }

  private int queryTimeoutSeconds() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, source.queryTimeout().toSeconds()));
  }

  private String column(String name) {
    return quote + name + quote;
  }

  private static String describe(JdbcStreamConfig stream) {
    return stream.table().map(table -> "table " + table).orElse("the stream's query");
  }

  /** The URL without its parameters (which may hold secrets). */
  static String redacted(String url) {
    int cut = url.indexOf('?');
    return cut < 0 ? url : url.substring(0, cut);
  }

  /**
   * A database failure as DIF's errors: connection problems, time-outs, deadlocks and
   * serialization failures are retriable; a refused login, an unknown table or column or bad
   * SQL are the config's; anything else is the database rejecting the read.
   */
  static DifException failure(String qualified, String action, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = "Cannot " + action + " for stream " + qualified + ": " + e.getMessage()
        + (state.isEmpty() ? "" : " (SQL state " + state + ")");
    String category = state.length() >= 2 ? state.substring(0, 2) : "";
    if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
        || List.of("08", "40", "53", "55", "57", "HY").contains(category) && !state.equals(
            "HY000") || state.equals("08001")) {
      return new RetriableException(ErrorCode.SOURCE_UNREACHABLE, message, e);
    }
    if (List.of("28", "42", "3D", "3F").contains(category)) {
      return new ConfigurationException(ErrorCode.SOURCE_REJECTED, message);
    }
    return new DataException(ErrorCode.SOURCE_REJECTED, message, e);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // the pages are landed; a connection that fails to close changes nothing
    }
  }

  /** Lets the JSON generator flush without closing the page's stream. */
  private static final class NotClosing extends java.io.FilterOutputStream {
    NotClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
