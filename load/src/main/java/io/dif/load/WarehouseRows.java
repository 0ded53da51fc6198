package io.dif.load;

import io.dif.core.config.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The rows already loaded into one warehouse, for what changes them outside a load: an erasure
 * ({@link WarehouseErasure}) and a retention run ({@link WarehouseRetention}), each one
 * transaction per table. After a change the database is made to let go of the old values: the
 * embedded DuckDB file is rewritten whole (DuckDB keeps deleted rows' bytes in free blocks),
 * PostgreSQL tables are vacuumed (their dead rows' space is freed for reuse); Redshift reclaims
 * deleted rows with its automatic VACUUM DELETE.
 */
public final class WarehouseRows {
  /** How a connection is opened. */
  @FunctionalInterface
  interface Connector {
    Connection open() throws SQLException;
  }

  private final Warehouse kind;
  private final String location;
  private final Connector connector;
  private final WarehouseDialect dialect;

  private WarehouseRows(Warehouse kind, String location, Connector connector,
      WarehouseDialect dialect) {
    this.kind = kind;
    this.location = location;
    this.connector = connector;
    this.dialect = dialect;
  }

  /** The tables of an embedded DuckDB file; a file that does not exist has no rows. */
  public static WarehouseRows duckDb(Path databaseFile) {
    Path file = databaseFile.toAbsolutePath();
    return new WarehouseRows(Warehouse.DUCKDB, file.toString(),
        () -> DriverManager.getConnection("jdbc:duckdb:" + file), new DuckDbDialect());
  }

  /** The tables of a PostgreSQL database ({@code login}: user and password properties). */
  public static WarehouseRows postgres(String url, Properties login) {
    return new WarehouseRows(Warehouse.POSTGRES, withoutQuery(url),
        () -> DriverManager.getConnection(url, login), new PostgresDialect(15));
  }

  /** The tables of an Amazon Redshift database. */
  public static WarehouseRows redshift(String url, Properties login) {
    return new WarehouseRows(Warehouse.REDSHIFT, withoutQuery(url),
        () -> DriverManager.getConnection(url, login), new RedshiftDialect());
  }

  /** The warehouse in report lines: {@code duckdb}, {@code postgres}, {@code redshift}. */
  public String name() {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** Deletes (or, dry, counts) the subject's rows of the client in each table that exists. */
  public List<WarehouseErasure.Result> erase(String client, List<WarehouseErasure.Target> targets,
      boolean dryRun) {
    List<WarehouseErasure.Result> results = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    change("erase the subject from", connection -> {
      for (WarehouseErasure.Target target : targets) {
        if (WarehouseErasure.exists(connection, target.table())) {
          long rows = WarehouseErasure.erase(connection, client, target, dryRun);
          results.add(new WarehouseErasure.Result(target.table(), rows));
          if (rows > 0) {
            changed.add(target.table());
          }
        }
      }
    }, dryRun, changed);
    return results;
  }

  /** Applies (or, dry, counts) a retention to the client's rows of each table that exists. */
  public List<WarehouseRetention.Result> applyRetention(String client,
      List<WarehouseRetention.Target> targets, boolean dryRun) {
    List<WarehouseRetention.Result> results = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    change("apply the retention to", connection -> {
      for (WarehouseRetention.Target target : targets) {
        if (WarehouseErasure.exists(connection, target.table())) {
          WarehouseRetention.Result result = WarehouseRetention.apply(connection, dialect,
              client, target, dryRun);
          results.add(result);
          if (result.rowsAnonymized() + result.rowsDeleted() > 0) {
            changed.add(target.table());
          }
        }
      }
    }, dryRun, changed);
    return results;
  }

  @FunctionalInterface
  private interface Work {
    void run(Connection connection) throws SQLException;
  }

  private void change(String what, Work work, boolean dryRun, List<String> changed) {
    if (kind == Warehouse.DUCKDB && !Files.isRegularFile(Path.of(location))) {
      return;
    }
    String where = kind == Warehouse.DUCKDB ? "DuckDB " + location : name() + " " + location;
    try (Connection connection = connector.open()) {
      work.run(connection);
      if (!dryRun && !changed.isEmpty()) {
        letGoOfOldValues(connection, changed);
      }
    } catch (SQLException e) {
      throw WarehouseErrors.classify("Cannot " + what + " " + where, e);
    }
    if (kind == Warehouse.DUCKDB && !dryRun && !changed.isEmpty()) {
      WarehouseErasure.rewrite(Path.of(location));
    }
  }

  private void letGoOfOldValues(Connection connection, List<String> tables)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      switch (kind) {
        case DUCKDB -> statement.execute("CHECKPOINT");
        case POSTGRES -> {
          for (String table : tables) {
            statement.execute("VACUUM " + table);
          }
        }
        case REDSHIFT -> { } // automatic VACUUM DELETE reclaims the rows in the background
      }
    }
  }

  private static String withoutQuery(String url) {
    return url.replaceAll("\\?.*", "");
  }
}
