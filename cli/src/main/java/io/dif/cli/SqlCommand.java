package io.dif.cli;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.TableCatalog;
import io.dif.load.CuratedTables;
import io.dif.load.CuratedViews;
import io.dif.load.WarehouseErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Query the embedded warehouse, read-only. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run a read-only SQL query on the DuckDB warehouse and print the rows as a"
        + " table, or as CSV or JSON for programs and notebooks. Curated tables read as"
        + " curated.CLIENT.DATASET (their current snapshot).")
final class SqlCommand implements Callable<Integer> {
  @Mixin
  DataFolder workspace;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL query.")
  String query;

  @Option(names = "--max-rows", paramLabel = "N",
      description = "Most rows printed (default: 100 as a table, every row as CSV or JSON).")
  Integer maxRows;

  /** How the rows are printed. */
  enum Format { TABLE, CSV, JSON }

  @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
      description = "table (for people), csv (RFC 4180, a header line, NULL as an empty field)"
          + " or json (an array of objects; numbers exact, dates ISO-8601)"
          + " (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    Path file = workspace.warehouseFile().toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot query the warehouse:"
          + " there is none yet at " + file + "; load one with dif run --client CLIENT (or dif"
          + " load), or give --data-dir");
    }
    // an in-memory session: the warehouse attached read-only as the default catalog, and the
    // curated tables' current snapshots as curated.{client}.{dataset}
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement attach = connection.createStatement()) {
        attach.execute("ATTACH '" + file.toString().replace("'", "''")
            + "' AS warehouse (READ_ONLY)");
        attach.execute("USE warehouse");
      }
      try (CuratedTables tables = new CuratedTables(TableCatalog.of(workspace.zones()))) {
        CuratedViews.attach(connection, tables);
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(query)) {
        switch (format) {
          case TABLE -> print(rows, maxRows == null ? 100 : maxRows);
          case CSV -> printCsv(rows, maxRows == null ? Integer.MAX_VALUE : maxRows);
          case JSON -> printJson(rows, maxRows == null ? Integer.MAX_VALUE : maxRows);
        }
      } catch (SQLException e) {
        // the query's own mistake (syntax, a missing table): the user fixes it
        throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot run the query: "
            + WarehouseErrors.firstLine(e));
      }
    } catch (SQLException e) {
      // the warehouse cannot be opened: locked by a running load (retriable) or unreadable
      throw WarehouseErrors.classify("Cannot open the warehouse " + file, e);
    }
    return 0;
  }

  private static void printCsv(ResultSet rows, int limit) throws SQLException {
    int columns = rows.getMetaData().getColumnCount();
    StringBuilder line = new StringBuilder();
    for (int i = 1; i <= columns; i++) {
      line.append(i == 1 ? "" : ",").append(csvField(rows.getMetaData().getColumnLabel(i)));
    }
    System.out.print(line.append("\r\n"));
    for (int count = 0; count < limit && rows.next(); count++) {
      line.setLength(0);
      for (int i = 1; i <= columns; i++) {
        Object value = rows.getObject(i);
        line.append(i == 1 ? "" : ",").append(value == null ? "" : csvField(text(value)));
      }
      System.out.print(line.append("\r\n"));
    }
    System.out.flush();
  }

  private static String csvField(String value) {
    return value.matches("[^\",\r\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
  }

  private static void printJson(ResultSet rows, int limit) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    try (com.fasterxml.jackson.core.JsonGenerator json = new com.fasterxml.jackson.core
        .JsonFactory().createGenerator(new java.io.FilterOutputStream(System.out) {
          @Override
          public void close() throws java.io.IOException {
            flush(); // never close System.out
          }
        })) {
      json.writeStartArray();
      for (int count = 0; count < limit && rows.next(); count++) {
        json.writeStartObject();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          json.writeFieldName(meta.getColumnLabel(i));
          Object value = rows.getObject(i);
          if (value == null) {
            json.writeNull();
          } else if (value instanceof java.math.BigDecimal decimal) {
            json.writeNumber(decimal);
          } else if (value instanceof java.math.BigInteger integer) {
            json.writeNumber(integer);
          } else if (value instanceof Long || value instanceof Integer || value instanceof Short
              || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
          } else if (value instanceof Double || value instanceof Float) {
            json.writeNumber(((Number) value).doubleValue());
          } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
          } else {
            json.writeString(text(value));
          }
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeRaw('\n');
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot write to standard output", e);
    }
  }

  /** Dates and times as ISO-8601 text, everything else as the driver prints it. */
  private static String text(Object value) {
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime().toString();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    return value.toString();
  }

  private void print(ResultSet rows, int maxRows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    int columns = meta.getColumnCount();
    List<String[]> table = new ArrayList<>();
    String[] header = new String[columns];
    for (int i = 0; i < columns; i++) {
      header[i] = meta.getColumnLabel(i + 1);
    }
    table.add(header);
    int count = 0;
    boolean more = false;
    while (rows.next()) {
      if (count == maxRows) {
        more = true;
        break;
      }
      String[] row = new String[columns];
      for (int i = 0; i < columns; i++) {
        Object value = rows.getObject(i + 1);
        row[i] = value == null ? "NULL" : value.toString();
      }
      table.add(row);
      count++;
    }
    int[] widths = new int[columns];
    for (String[] row : table) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (int r = 0; r < table.size(); r++) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", table.get(r)[i]));
      }
      System.out.println(line.toString().stripTrailing());
      if (r == 0) {
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < columns; i++) {
          rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        System.out.println(rule);
      }
    }
    System.out.println("(" + count + " row" + (count == 1 ? "" : "s") + (more ? ", more not shown"
        : "") + ")");
  }
}
