package io.dif.load;

import io.dif.core.config.ColumnConfig;
import io.dif.core.config.DatasetConfig;
import io.dif.core.config.LoadMode;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The embedded warehouse: a DuckDB file. Curated Parquet is read with {@code read_parquet} into
 * a staging table, de-duplicated on the key, then merged, replaced or appended in one
 * transaction. Rows carry their client in {@code _client}, so clients can share a table.
 */
public final class DuckDbLoader implements Loader {
  static final String CLIENT_COLUMN = "_client";
  static final String LOADED_AT_COLUMN = "_loaded_at";

  private final Path databaseFile;
  private final Connection connection;

  public DuckDbLoader(Path databaseFile) {
    this.databaseFile = databaseFile;
    try {
      Files.createDirectories(databaseFile.toAbsolutePath().getParent());
      this.connection = DriverManager.getConnection("jdbc:duckdb:" + databaseFile.toAbsolutePath());
    } catch (Exception e) {
      throw new RetriableException(ErrorCode.LOAD_FAILED,
          "Cannot open DuckDB warehouse " + databaseFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public LoadResult load(LoadBatch batch) {
    DatasetConfig config = batch.config();
    String table = config.destination().table();
    if (batch.dates().isEmpty()) {
      return new LoadResult(table, 0, 0, countRows(table, batch.client()));
    }
    try {
      connection.setAutoCommit(false);
      try (Statement sql = connection.createStatement()) {
        createTargetIfMissing(sql, config);
        addNewColumns(sql, config);
        sql.execute("CREATE OR REPLACE TEMP TABLE dif_stage AS " + stagingQuery(batch));
        long batchRows = count(sql, "SELECT count(*) FROM dif_stage");
        long deleted = sql.executeUpdate(deleteStatement(batch));
        sql.executeUpdate(insertStatement(table, config));
        sql.execute("DROP TABLE dif_stage");
        connection.commit();
        return new LoadResult(table, batchRows, deleted, countRows(table, batch.client()));
      }
    } catch (SQLException e) {
      rollback();
      throw new RetriableException(ErrorCode.LOAD_FAILED, "Cannot load dataset " + batch.client()
          + "." + batch.dataset() + " into " + table + " of " + databaseFile + ": "
          + e.getMessage(), e);
    } finally {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException ignored) {
        // the connection is closing or broken; the next use reports it
      }
    }
  }

  private void createTargetIfMissing(Statement sql, DatasetConfig config) throws SQLException {
    String table = config.destination().table();
    sql.execute("CREATE SCHEMA IF NOT EXISTS " + table.substring(0, table.indexOf('.')));
    List<String> columns = new ArrayList<>();
    columns.add(CLIENT_COLUMN + " VARCHAR NOT NULL");
    for (ColumnConfig column : config.columns()) {
      columns.add(column.name() + " " + WarehouseTypes.sql(column.type()));
    }
    columns.add("dt DATE NOT NULL");
    columns.add(LOADED_AT_COLUMN + " TIMESTAMP NOT NULL");
    sql.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + String.join(", ", columns) + ")");
  }

  /** A column added to the dataset is added to the table; old rows get NULL. */
  private void addNewColumns(Statement sql, DatasetConfig config) throws SQLException {
    String table = config.destination().table();
    Set<String> existing = new HashSet<>();
    String[] parts = table.split("\\.");
    try (ResultSet rows = sql.executeQuery("SELECT column_name FROM information_schema.columns"
        + " WHERE table_schema = '" + parts[0] + "' AND table_name = '" + parts[1] + "'")) {
      while (rows.next()) {
        existing.add(rows.getString(1).toLowerCase(Locale.ROOT));
      }
    }
    for (ColumnConfig column : config.columns()) {
      if (!existing.contains(column.name())) {
        sql.execute("ALTER TABLE " + table + " ADD COLUMN " + column.name() + " "
            + WarehouseTypes.sql(column.type()));
      }
    }
  }

  static String stagingQuery(LoadBatch batch) {
    DatasetConfig config = batch.config();
    String files = batch.dates().stream()
        .map(dt -> "'" + escape(batch.curatedPath() + "/dt=" + dt + "/*.parquet") + "'")
        .collect(Collectors.joining(", ", "[", "]"));
    String columns = config.columns().stream()
        .map(c -> "CAST(" + c.name() + " AS " + WarehouseTypes.sql(c.type()) + ") AS " + c.name())
        .collect(Collectors.joining(", "));
    String select = "SELECT '" + escape(batch.client()) + "' AS " + CLIENT_COLUMN + ", " + columns
        + ", CAST(dt AS DATE) AS dt, now()::TIMESTAMP AS " + LOADED_AT_COLUMN
        + " FROM read_parquet(" + files + ", hive_partitioning = true,"
        + " hive_types = {'dt': DATE})";
    if (config.key().isEmpty()) {
      return select;
    }
    // Redshift-style warehouses do not enforce keys: the batch itself must be unique on the key.
    return select + " QUALIFY row_number() OVER (PARTITION BY " + String.join(", ", config.key())
        + " ORDER BY dt DESC) = 1";
  }

  static String deleteStatement(LoadBatch batch) {
    DatasetConfig config = batch.config();
    String table = config.destination().table();
    String client = "'" + escape(batch.client()) + "'";
    LoadMode mode = config.destination().mode();
    return switch (mode) {
      case APPEND -> "DELETE FROM " + table + " WHERE false";
      case MERGE -> "DELETE FROM " + table + " AS t WHERE t." + CLIENT_COLUMN + " = " + client
          + " AND EXISTS (SELECT 1 FROM dif_stage AS s WHERE "
          + config.key().stream().map(k -> "s." + k + " IS NOT DISTINCT FROM t." + k)
              .collect(Collectors.joining(" AND ")) + ")";
      case REPLACE -> "DELETE FROM " + table + " WHERE " + CLIENT_COLUMN + " = " + client
          + " AND dt IN (" + batch.dates().stream().map(d -> "DATE '" + d + "'")
              .collect(Collectors.joining(", ")) + ")";
    };
  }

  static String insertStatement(String table, DatasetConfig config) {
    String columns = CLIENT_COLUMN + ", " + config.columns().stream().map(ColumnConfig::name)
        .collect(Collectors.joining(", ")) + ", dt, " + LOADED_AT_COLUMN;
    return "INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM dif_stage";
  }

  private long countRows(String table, String client) {
    try (Statement sql = connection.createStatement()) {
      return count(sql, "SELECT count(*) FROM " + table + " WHERE " + CLIENT_COLUMN + " = '"
          + escape(client) + "'");
    } catch (SQLException e) {
      return 0;
    }
  }

  private static long count(Statement sql, String query) throws SQLException {
    try (ResultSet rows = sql.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // nothing was committed; DuckDB discards the transaction with the connection
    }
  }

  private static String escape(String text) {
    return text.replace("'", "''");
  }

  /** Dates of the curated partitions present for a dataset, for loading everything. */
  public static List<LocalDate> curatedDates(Path curatedDataset) {
    if (!Files.isDirectory(curatedDataset)) {
      return List.of();
    }
    try (var entries = Files.list(curatedDataset)) {
      return entries.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("dt="))
          .map(name -> LocalDate.parse(name.substring(3)))
          .sorted()
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
