package io.dif.cli;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
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
        + " table.")
final class SqlCommand implements Callable<Integer> {
  @Mixin
  DataFolder workspace;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL query.")
  String query;

  @Option(names = "--max-rows", defaultValue = "100",
      description = "Most rows printed (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Override
  public Integer call() {
    Path file = workspace.warehouseFile().toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot query the warehouse:"
          + " there is none yet at " + file + "; load one with dif run --client CLIENT (or dif"
          + " load), or give --data-dir");
    }
    java.util.Properties readOnly = new java.util.Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly)) {
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(query)) {
        print(rows);
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

  private void print(ResultSet rows) throws SQLException {
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
