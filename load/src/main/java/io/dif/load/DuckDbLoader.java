package io.dif.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * The embedded warehouse: a DuckDB file. Curated Parquet is read with {@code read_parquet}
 * straight into the table inside one transaction (merge deletes the batch's keys first, replace
 * its dates), de-duplicated on the key on the way. Rows carry their client in {@code _client}, so clients can share a
 * table.
 */
public final class DuckDbLoader implements Loader {
  private static final WarehouseDialect DIALECT = new DuckDbDialect();
  private final Connection connection;
  private final StagedLoad flow;

  public DuckDbLoader(Path databaseFile) {
    this(databaseFile, Clock.systemUTC());
  }

  DuckDbLoader(Path databaseFile, Clock clock) {
    try {
      Files.createDirectories(databaseFile.toAbsolutePath().getParent());
      this.connection = DriverManager.getConnection("jdbc:duckdb:" + databaseFile.toAbsolutePath());
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TimeZone = 'UTC'");
        // no load depends on row order: lets DuckDB insert in parallel without ordering
        statement.execute("SET preserve_insertion_order = false");
      }
    } catch (Exception e) {
      throw CuratedParquet.cannotOpen("DuckDB " + databaseFile, e);
    }
    this.flow = new StagedLoad(DIALECT, clock, "DuckDB " + databaseFile);
  }

  @Override
  public LoadResult load(LoadBatch batch) {
    return flow.run(connection, batch, new DirectWrite(batch));
  }

  /**
   * Reads the curated Parquet straight into the table inside the transaction, without a staging
   * copy: merge first deletes this client's rows whose key is in the files. The batch is ranked
   * by date per key only when a key occurs more than once in it.
   */
  private static final class DirectWrite implements StagedLoad.Write {
    private final String source;
    private boolean uniqueOnKey;

    DirectWrite(LoadBatch batch) {
      this.source = CuratedParquet.source(batch, DIALECT);
    }

    @Override
    public void prepare(Connection connection, LoadStatements sql) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        uniqueOnKey = sql.keys().isEmpty()
            || StagedLoad.count(statement, sql.repeatedKeys(source)) == 0;
      }
    }

    @Override
    public StagedLoad.Applied apply(Connection connection, LoadStatements sql)
        throws SQLException {
      try (Statement statement = connection.createStatement()) {
        long replaced = 0;
        if (sql.mergesOnKey()) {
          replaced = statement.executeUpdate(sql.deleteKeysIn("(" + sql.keys(source) + ")"));
        } else if (sql.deletes()) {
          replaced = statement.executeUpdate(sql.delete());
        }
        long inserted = statement.executeUpdate(sql.insertFrom(sql.batchRows(source,
            uniqueOnKey)));
        return new StagedLoad.Applied(inserted, replaced,
            StagedLoad.count(statement, sql.countClientRows()));
      }
    }
  }

  /** For tests: runs inside the transaction of each load, just before COMMIT. */
  void beforeCommit(StagedLoad.BeforeCommit hook) {
    flow.beforeCommit(hook);
  }

  /** Dates of the curated partitions present for a dataset, for loading everything. */
  public static List<LocalDate> curatedDates(Path curatedDataset) {
    return CuratedParquet.dates(curatedDataset);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing an embedded database: nothing left to do
    }
  }
}
