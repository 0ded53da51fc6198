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
 * straight into the staging table, de-duplicated on the key on the way, then merged, replaced or
 * appended in one transaction. Rows carry their client in {@code _client}, so clients can share a
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
      }
    } catch (Exception e) {
      throw CuratedParquet.cannotOpen("DuckDB " + databaseFile, e);
    }
    this.flow = new StagedLoad(DIALECT, clock, "DuckDB " + databaseFile);
  }

  @Override
  public LoadResult load(LoadBatch batch) {
    return flow.run(connection, batch, (connection, sql) -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql.createStageFrom(CuratedParquet.source(batch, DIALECT)));
      }
    });
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
