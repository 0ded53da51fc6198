package io.dif.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deletes one person's rows from a warehouse table in one transaction: the rows of the client
 * whose column holds the subject's stored value (its keyed hash, or the value itself). Run
 * through {@link WarehouseRows}, which opens the warehouse and makes it let go of the bytes.
 */
public final class WarehouseErasure {
  private WarehouseErasure() {}

  /** One table to clean: its name ({@code schema.table}) and the values by column. */
  public record Target(String table, Map<String, List<String>> values) {}

  /** What one table lost. */
  public record Result(String table, long rowsDeleted) {}

  static long erase(Connection connection, String client, Target target, boolean dryRun)
      throws SQLException {
    StringBuilder where = new StringBuilder(LoadStatements.CLIENT_COLUMN + " = ? AND (");
    List<String> values = new ArrayList<>();
    target.values().forEach((column, list) -> list.forEach(value -> {
      where.append(values.isEmpty() ? "" : " OR ").append(column).append(" = ?");
      values.add(value);
    }));
    where.append(')');
    String sql = (dryRun ? "SELECT count(*) FROM " : "DELETE FROM ") + target.table()
        + " WHERE " + where;
    connection.setAutoCommit(false);
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, client);
      for (int i = 0; i < values.size(); i++) {
        statement.setString(i + 2, values.get(i));
      }
      long rows;
      if (dryRun) {
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          rows = result.getLong(1);
        }
      } else {
        rows = statement.executeUpdate();
      }
      connection.commit();
      return rows;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  static boolean exists(Connection connection, String table) throws SQLException {
    int dot = table.indexOf('.');
    try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM"
        + " information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
      statement.setString(1, table.substring(0, dot));
      statement.setString(2, table.substring(dot + 1));
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1) > 0;
      }
    }
  }

  /** Copies the DuckDB database into a new file and puts it in the old one's place. */
  static void rewrite(Path databaseFile) {
    Path copy = databaseFile.resolveSibling(databaseFile.getFileName() + ".erasure");
    try {
      Files.deleteIfExists(copy);
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
          Statement statement = connection.createStatement()) {
        statement.execute("ATTACH '" + LoadStatements.escape(databaseFile.toAbsolutePath()
            .toString()) + "' AS old (READ_ONLY)");
        statement.execute("ATTACH '" + LoadStatements.escape(copy.toAbsolutePath().toString())
            + "' AS fresh");
        statement.execute("COPY FROM DATABASE old TO fresh");
        statement.execute("DETACH old");
        statement.execute("DETACH fresh");
      }
      Files.move(copy, databaseFile, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      Files.deleteIfExists(databaseFile.resolveSibling(databaseFile.getFileName() + ".wal"));
    } catch (SQLException e) {
      throw WarehouseErrors.classify("Cannot rewrite DuckDB " + databaseFile
          + " after an erasure", e);
    } catch (java.io.IOException e) {
      throw CuratedParquet.cannotAccess("rewrite DuckDB " + databaseFile + " after an erasure",
          e);
    }
  }
}
