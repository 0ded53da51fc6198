package io.dif.load;

import io.dif.core.config.ColumnType;
import io.dif.core.config.DatasetConfig;
import io.dif.core.error.DataException;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The curated Parquet of a batch as DuckDB reads it, typed as the dataset says. DuckDB is the
 * Parquet reader of every loader that does not read S3 itself (DuckDB's own tables, PostgreSQL),
 * so a load needs no Spark.
 */
final class CuratedParquet {
  private CuratedParquet() {}

  /**
   * A FROM item with the dataset's columns and {@code dt}, cast to their types. Files of older
   * partitions that lack a newer column read it as NULL.
   */
  static String source(LoadBatch batch, WarehouseDialect dialect) {
    DatasetConfig config = batch.config();
    if (batch.snapshot().isPresent()) {
      return snapshotSource(batch, dialect);
    }
    String files = batch.dates().stream()
        .map(dt -> "'" + LoadStatements.escape(batch.curatedPath() + "/dt=" + dt + "/*.parquet")
            + "'")
        .collect(Collectors.joining(", ", "[", "]"));
    String columns = config.columns().stream()
        .map(c -> typed(c.name(), c.type(), dialect) + " AS " + c.name())
        .collect(Collectors.joining(", "));
    return "(SELECT " + columns + ", CAST(dt AS DATE) AS dt FROM read_parquet(" + files
        + ", hive_partitioning = true, hive_types = {'dt': DATE}, union_by_name = true))"
        + " AS curated";
  }

  /**
   * The FROM item of a batch of a curated table's snapshot: exactly its data files (each holds
   * its {@code dt}); files written before a column was added read it as NULL. No files, no rows.
   */
  private static String snapshotSource(LoadBatch batch, WarehouseDialect dialect) {
    List<CuratedStore.CuratedFile> files = batch.snapshot().orElseThrow().allFiles();
    String columns = batch.config().columns().stream()
        .map(c -> (files.isEmpty() ? "CAST(NULL AS " + dialect.type(c.type()) + ")"
            : typed(c.name(), c.type(), dialect)) + " AS " + c.name())
        .collect(Collectors.joining(", "));
    if (files.isEmpty()) {
      return "(SELECT " + columns + ", CAST(NULL AS DATE) AS dt WHERE false) AS curated";
    }
    String list = files.stream()
        .map(file -> "'" + LoadStatements.escape(LocalFileIO.file(file.url()).getPath()) + "'")
        .collect(Collectors.joining(", ", "[", "]"));
    return "(SELECT " + columns + ", CAST(dt AS DATE) AS dt FROM read_parquet(" + list
        + ", hive_partitioning = false, union_by_name = true)) AS curated";
  }

  /**
   * A curated column as the dataset types it. A timestamp becomes the UTC wall-clock time of its
   * instant through its microseconds since 1970: Parquet written by Spark holds instants, which
   * DuckDB reads as TIMESTAMPTZ, and a plain CAST to TIMESTAMP converts each value through the
   * session's time zone calendar (ICU), which took a quarter of a load's CPU. The result is the
   * same as that CAST in a UTC session; a column without a time zone is taken as UTC.
   */
  static String typed(String column, ColumnType type, WarehouseDialect dialect) {
    if (type.kind() == ColumnType.Kind.TIMESTAMP) {
      return "make_timestamp(epoch_us(CAST(" + column + " AS TIMESTAMPTZ)))";
    }
    return "CAST(" + column + " AS " + dialect.type(type) + ")";
  }

  /**
   * An in-memory DuckDB session for reading curated files: UTC, so instants read from Parquet
   * become UTC wall-clock timestamps, and results streamed rather than held in memory.
   */
  static Connection openReader() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("jdbc_stream_results", "true");
    Connection connection = DriverManager.getConnection("jdbc:duckdb:", properties);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      // rows are written in any order: lets DuckDB read and write in parallel without ordering
      statement.execute("SET preserve_insertion_order = false");
    }
    return connection;
  }

  /** Dates of the curated partitions present for a dataset, for loading everything. */
  static List<LocalDate> dates(Path curatedDataset) {
    if (!Files.isDirectory(curatedDataset)) {
      return List.of();
    }
    try (var entries = Files.list(curatedDataset)) {
      return entries.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("dt="))
          .map(name -> partitionDate(curatedDataset, name))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw cannotAccess("list the curated partitions of " + curatedDataset, e);
    }
  }

  private static LocalDate partitionDate(Path curatedDataset, String name) {
    try {
      return LocalDate.parse(name.substring(3));
    } catch (DateTimeParseException e) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot read the curated partitions of "
          + curatedDataset + ": a partition folder is not named dt=yyyy-MM-dd: " + name);
    }
  }

  /** A local file or folder of the curated zone that cannot be read or written (disk, I/O). */
  static RetriableException cannotAccess(String what, IOException e) {
    return new RetriableException(ErrorCode.LOAD_FAILED, "Cannot " + what + ": "
        + e.getClass().getSimpleName() + " " + e.getMessage(), e);
  }

  /** A warehouse that cannot be opened: classified when the driver said why. */
  static DifException cannotOpen(String warehouse, Exception cause) {
    if (cause instanceof SQLException sql) {
      return WarehouseErrors.classify("Cannot open warehouse " + warehouse, sql);
    }
    return new RetriableException(ErrorCode.LOAD_FAILED,
        "Cannot open warehouse " + warehouse + ": " + cause.getMessage(), cause);
  }
}
