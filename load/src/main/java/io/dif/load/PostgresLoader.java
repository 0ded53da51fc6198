package io.dif.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Properties;

/**
 * Loads into PostgreSQL (12 or later; MERGE from 15). DuckDB reads the curated Parquet and
 * de-duplicates it on the key; its rows stream through {@code COPY ... FROM STDIN} into a
 * temporary staging table; then one transaction merges or replaces. Each load opens its own
 * connection, so a connection lost mid-load leaves nothing behind for the next one.
 */
public final class PostgresLoader implements Loader {
  private final String url;
  private final Properties properties;
  private final Clock clock;
  private StagedLoad.BeforeCommit beforeCommit = StagedLoad.BeforeCommit.NONE;

  /**
   * @param url a {@code jdbc:postgresql:} URL
   * @param properties connection properties: {@code user}, {@code password} and the like
   */
  public PostgresLoader(String url, Properties properties) {
    this(url, properties, Clock.systemUTC());
  }

  PostgresLoader(String url, Properties properties, Clock clock) {
    this.url = url;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public LoadResult load(LoadBatch batch) {
    String warehouse = "PostgreSQL " + withoutQuery(url);
    try (Connection postgres = DriverManager.getConnection(url, properties)) {
      StagedLoad flow = new StagedLoad(
          new PostgresDialect(postgres.getMetaData().getDatabaseMajorVersion()), clock, warehouse);
      flow.beforeCommit(beforeCommit);
      return flow.run(postgres, batch, (connection, sql) -> stage(connection, sql, batch));
    } catch (SQLException e) {
      throw CuratedParquet.cannotOpen(warehouse, e);
    }
  }

  private static void stage(Connection postgres, LoadStatements sql, LoadBatch batch)
      throws SQLException {
    try (Statement statement = postgres.createStatement()) {
      statement.execute(sql.createStage());
    }
    String rows = sql.latestPerKey(CuratedParquet.source(batch, new DuckDbDialect()));
    try (Connection duckDb = CuratedParquet.openReader()) {
      PostgresCopy.copy(duckDb, PostgresCopy.copyLines(rows, batch.config().columns()), postgres,
          LoadStatements.STAGE);
    }
  }

  /** For tests: runs inside the transaction of each load, just before COMMIT. */
  void beforeCommit(StagedLoad.BeforeCommit hook) {
    this.beforeCommit = hook;
  }

  private static String withoutQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  @Override
  public void close() {
    // connections are per load
  }
}
