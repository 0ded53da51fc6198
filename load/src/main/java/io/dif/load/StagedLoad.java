package io.dif.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The load flow every warehouse shares: create or grow the table, prepare the batch outside the
 * transaction (the step each warehouse does its own way), then delete what the batch replaces and
 * insert it in one transaction, so the table shows either the state before the batch or after
 * it. Nothing is truncated: in Redshift TRUNCATE commits.
 */
final class StagedLoad {

  /** How one warehouse writes a batch: what it does before the transaction and inside it. */
  interface Write {
    /** Runs before the transaction (reading the batch, staging it); the table is untouched. */
    default void prepare(Connection connection, LoadStatements statements) throws SQLException {}

    /** Runs inside the transaction: deletes what the batch replaces and inserts the batch. */
    Applied apply(Connection connection, LoadStatements statements) throws SQLException;

    /** Runs after COMMIT, e.g. to drop a staging table. */
    default void afterCommit(Connection connection, LoadStatements statements)
        throws SQLException {}
  }

  /**
   * What a transaction did.
   *
   * @param batchRows rows inserted (the batch, unique on the key)
   * @param replacedRows rows of the table the batch deleted
   * @param tableRows rows of this client in the table at the end of the transaction
   */
  record Applied(long batchRows, long replacedRows, long tableRows) {}

  /** Fills {@link LoadStatements#STAGE}: the batch's rows, unique on the key. */
  @FunctionalInterface
  interface Stager {
    void stage(Connection connection, LoadStatements statements) throws SQLException;
  }

  /** Called inside the transaction just before COMMIT; tests use it to break a load there. */
  @FunctionalInterface
  interface BeforeCommit {
    BeforeCommit NONE = connection -> { };

    void run(Connection connection) throws SQLException;
  }

  private final WarehouseDialect dialect;
  private final Clock clock;
  private final String warehouseName;
  private BeforeCommit beforeCommit = BeforeCommit.NONE;

  StagedLoad(WarehouseDialect dialect, Clock clock, String warehouseName) {
    this.dialect = dialect;
    this.clock = clock;
    this.warehouseName = warehouseName;
  }

  void beforeCommit(BeforeCommit hook) {
    this.beforeCommit = hook;
  }

  LoadResult run(Connection connection, LoadBatch batch, Write write) {
    LoadStatements sql = new LoadStatements(dialect, batch, clock.instant());
    try (Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      if (batch.dates().isEmpty()) {
        return new LoadResult(sql.table(), 0, 0, countIfExists(connection, sql));
      }
      prepareTable(statement, sql);
      write.prepare(connection, sql);
      Applied applied = applyInOneTransaction(connection, sql, write);
      write.afterCommit(connection, sql);
      return new LoadResult(sql.table(), applied.batchRows(), applied.replacedRows(),
          applied.tableRows());
    } catch (SQLException e) {
      throw WarehouseErrors.classify("Cannot load dataset " + batch.client() + "."
          + batch.dataset() + " into " + sql.table() + " of " + warehouseName, e);
    }
  }

  /**
   * The write of warehouses that load the whole batch into {@link LoadStatements#STAGE} first
   * (Redshift): the stage is de-duplicated on the key, then MERGE or delete + insert from it.
   */
  static Write staged(Stager stager) {
    return new Write() {
      @Override
      public void prepare(Connection connection, LoadStatements sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
          statement.execute(sql.dropStage());
        }
        stager.stage(connection, sql);
      }

      @Override
      public Applied apply(Connection connection, LoadStatements sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
          long batchRows = count(statement, sql.countStage());
          long replaced;
          if (sql.useMerge()) {
            // MERGE reports rows touched, not rows replaced: count what it inserted instead
            long before = count(statement, sql.countClientRows());
            statement.executeUpdate(sql.merge());
            replaced = batchRows - (count(statement, sql.countClientRows()) - before);
          } else {
            replaced = sql.deletes() ? statement.executeUpdate(sql.delete()) : 0;
            statement.executeUpdate(sql.insert());
          }
          return new Applied(batchRows, replaced, count(statement, sql.countClientRows()));
        }
      }

      @Override
      public void afterCommit(Connection connection, LoadStatements sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
          statement.execute(sql.dropStage());
        }
      }
    };
  }

  /** Creates the schema and table when missing and adds the dataset's new columns. */
  private static void prepareTable(Statement statement, LoadStatements sql) throws SQLException {
    statement.execute(sql.createSchema());
    statement.execute(sql.createTable());
    Set<String> existing = new HashSet<>();
    try (ResultSet rows = statement.executeQuery(sql.columnsQuery())) {
      while (rows.next()) {
        existing.add(rows.getString(1).toLowerCase(Locale.ROOT));
      }
    }
    for (String alter : sql.addColumns(existing)) {
      statement.execute(alter);
    }
  }

  private Applied applyInOneTransaction(Connection connection, LoadStatements sql, Write write)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      Applied applied = write.apply(connection, sql);
      beforeCommit.run(connection);
      connection.commit();
      return applied;
    } catch (SQLException | RuntimeException e) {
      rollback(connection, e);
      throw e;
    } finally {
      resetAutoCommit(connection);
    }
  }

  private long countIfExists(Connection connection, LoadStatements sql) {
    try (Statement statement = connection.createStatement()) {
      return count(statement, sql.countClientRows());
    } catch (SQLException e) {
      return 0; // no table yet: nothing loaded
    }
  }

  static long count(Statement statement, String query) throws SQLException {
    try (ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // a broken connection: the server discards the open transaction with it
      cause.addSuppressed(e);
    }
  }

  private static void resetAutoCommit(Connection connection) {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // the connection is broken; the next use reports it
    }
  }
}
