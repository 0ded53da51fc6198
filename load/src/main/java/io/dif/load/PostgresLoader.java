package io.dif.load;

import io.dif.core.config.ColumnConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Loads into PostgreSQL (12 or later). DuckDB reads the curated Parquet (de-duplicating it on the
 * key when a key may repeat); inside one transaction the rows the batch replaces are deleted and
 * the rows stream straight into the table through {@code COPY ... FROM STDIN (FORMAT binary)}
 * (see {@link PostgresCopy}). Each load opens its own
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
      return flow.run(postgres, batch, new CopyWrite(batch));
    } catch (SQLException e) {
      throw CuratedParquet.cannotOpen(warehouse, e);
    }
  }

  /**
   * Copies the batch straight into the table inside the transaction, without a staging copy of
   * its rows. The table is locked against other writers first, so what the transaction counts
   * and deletes cannot change under it. Merge deletes this client's rows whose key is in the
   * batch: the keys go through a temporary table, skipped when the table has no rows of this
   * client yet (the first load of a client, the bulk of the data).
   */
  private static final class CopyWrite implements StagedLoad.Write {
    private static final String KEYS = "dif_keys";
    private static final DuckDbDialect READER = new DuckDbDialect();
    private final LoadBatch batch;
    private final String source;
    private boolean uniqueOnKey;

    CopyWrite(LoadBatch batch) {
      this.batch = batch;
      this.source = CuratedParquet.source(batch, READER);
    }

    @Override
    public void prepare(Connection postgres, LoadStatements sql) throws SQLException {
      try (Connection duckDb = CuratedParquet.openReader();
          Statement statement = duckDb.createStatement()) {
        uniqueOnKey = sql.keys().isEmpty()
            || StagedLoad.count(statement, sql.repeatedKeys(source)) == 0;
      }
    }

    @Override
    public StagedLoad.Applied apply(Connection postgres, LoadStatements sql)
        throws SQLException {
      List<ColumnConfig> columns = batch.config().columns();
      try (Statement statement = postgres.createStatement()) {
        statement.execute(sql.lockAgainstWriters());
        long before = StagedLoad.count(statement, sql.countClientRows());
        long replaced = 0;
        if (sql.mergesOnKey() && before > 0) {
          statement.execute("CREATE TEMP TABLE " + KEYS + " (" + sql.keyColumns()
              + ") ON COMMIT DROP");
          PostgresCopy.copy(sql.keys(source), sql.keys(), PostgresCopy.types(columns,
              sql.keys()), Map.of(), postgres, KEYS);
          statement.execute("ANALYZE " + KEYS);
          replaced = statement.executeUpdate(sql.deleteKeysIn(KEYS));
        } else if (sql.deletes() && !sql.mergesOnKey() && before > 0) {
          replaced = statement.executeUpdate(sql.delete());
        }
        List<String> tableColumns = sql.tableColumns();
        Map<String, byte[]> constants = Map.of(
            LoadStatements.CLIENT_COLUMN, PostgresCopy.text(batch.client()),
            LoadStatements.LOADED_AT_COLUMN, PostgresCopy.timestamp(sql.loadedAt()));
        long inserted = PostgresCopy.copy(sql.batchRows(source, uniqueOnKey), tableColumns,
            PostgresCopy.types(columns, tableColumns), constants, postgres, sql.table());
        return new StagedLoad.Applied(inserted, replaced, before - replaced + inserted);
      }
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
