package io.dif.load;

import io.dif.core.config.ColumnConfig;
import io.dif.core.config.ColumnType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows of a DuckDB query into PostgreSQL {@code COPY ... FROM STDIN} (text format). DuckDB
 * renders each row as one COPY line, so values keep their exact text (decimals, dates, UTC
 * timestamps) and NULL ({@code \N}) stays apart from the empty string.
 */
final class PostgresCopy {
  private static final int BUFFER_BYTES = 1 << 20;

  private PostgresCopy() {}

  /** A DuckDB query returning one COPY text line (without its newline) per row of {@code rows}. */
  static String copyLines(String rows, List<ColumnConfig> columns) {
    List<String> fields = new ArrayList<>();
    fields.add(field(LoadStatements.CLIENT_COLUMN, true));
    for (ColumnConfig column : columns) {
      fields.add(field(column.name(), column.type().kind() == ColumnType.Kind.STRING));
    }
    fields.add(field(LoadStatements.DATE_COLUMN, false));
    return "SELECT " + String.join(" || chr(9) || ", fields) + " FROM (" + rows + ") AS rows";
  }

  private static String field(String column, boolean text) {
    String value = "CAST(" + column + " AS VARCHAR)";
    if (text) {
      // COPY text format: backslash, tab, newline and carriage return are escaped
      value = "replace(replace(replace(replace(" + column + ", '\\', '\\\\'), chr(9), '\\t'),"
          + " chr(10), '\\n'), chr(13), '\\r')";
    }
    return "coalesce(" + value + ", '\\N')";
  }

  /** Runs the line query on DuckDB and copies its rows into {@code table}; returns rows sent. */
  static long copy(Connection duckDb, String lineQuery, Connection postgres, String table)
      throws SQLException {
    CopyIn copy = postgres.unwrap(PGConnection.class).getCopyAPI()
        .copyIn("COPY " + table + " FROM STDIN");
    long rows = 0;
    byte[] buffer = new byte[BUFFER_BYTES];
    int used = 0;
    try (Statement statement = duckDb.createStatement();
        ResultSet lines = statement.executeQuery(lineQuery)) {
      while (lines.next()) {
        byte[] line = lines.getString(1).getBytes(StandardCharsets.UTF_8);
        if (used + line.length + 1 > buffer.length) {
          copy.writeToCopy(buffer, 0, used);
          used = 0;
          if (line.length + 1 > buffer.length) {
            buffer = new byte[line.length + 1];
          }
        }
        System.arraycopy(line, 0, buffer, used, line.length);
        used += line.length;
        buffer[used++] = '\n';
        rows++;
      }
      copy.writeToCopy(buffer, 0, used);
      copy.endCopy();
      return rows;
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }
}
