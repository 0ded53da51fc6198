package io.dif.load;

import io.dif.core.config.ColumnConfig;
import io.dif.core.config.DatasetConfig;
import io.dif.core.config.LoadMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL of one load, shared by every warehouse: the dialect supplies the few spellings that
 * differ. The staging table {@value #STAGE} has the target's columns but {@code _loaded_at}, is
 * unique on the key, and holds the batch's client in {@code _client}.
 */
final class LoadStatements {
  static final String CLIENT_COLUMN = "_client";
  static final String DATE_COLUMN = "dt";
  static final String LOADED_AT_COLUMN = "_loaded_at";
  static final String STAGE = "dif_stage";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private final WarehouseDialect dialect;
  private final LoadBatch batch;
  private final DatasetConfig config;
  private final String table;
  private final String loadedAt;
  private final Instant loadedAtInstant;

  LoadStatements(WarehouseDialect dialect, LoadBatch batch, Instant loadedAt) {
    this.dialect = dialect;
    this.batch = batch;
    this.config = batch.config();
    this.table = config.destination().table();
    this.loadedAt = "TIMESTAMP '" + TIMESTAMP.format(LocalDateTime.ofInstant(loadedAt,
        ZoneOffset.UTC)) + "'";
    this.loadedAtInstant = loadedAt.truncatedTo(ChronoUnit.MICROS);
  }

  /** This load's {@code _loaded_at}, to the microsecond as the SQL literal holds it. */
  Instant loadedAt() {
    return loadedAtInstant;
  }

  String table() {
    return table;
  }

  String schemaName() {
    return table.substring(0, table.indexOf('.'));
  }

  String tableName() {
    return table.substring(table.indexOf('.') + 1);
  }

  String createSchema() {
    return "CREATE SCHEMA IF NOT EXISTS " + schemaName();
  }

  String createTable() {
    List<String> columns = new ArrayList<>();
    columns.add(CLIENT_COLUMN + " " + dialect.stringType() + " NOT NULL");
    for (ColumnConfig column : config.columns()) {
      columns.add(column.name() + " " + dialect.type(column.type()));
    }
    columns.add(DATE_COLUMN + " DATE NOT NULL");
    columns.add(LOADED_AT_COLUMN + " TIMESTAMP NOT NULL");
    return "CREATE TABLE IF NOT EXISTS " + table + " (" + String.join(", ", columns) + ")"
        + dialect.tableAttributes(config.destination());
  }

  String columnsQuery() {
    return dialect.columnsQuery(schemaName(), tableName());
  }

  /** ADD COLUMN for each dataset column the table lacks; old rows get NULL. */
  List<String> addColumns(Set<String> existing) {
    return config.columns().stream()
        .filter(column -> !existing.contains(column.name()))
        .map(column -> "ALTER TABLE " + table + " ADD COLUMN " + column.name() + " "
            + dialect.type(column.type()))
        .toList();
  }

  /**
   * The batch's rows from {@code source} (dataset columns and {@code dt}), one per key: the
   * latest date wins. Warehouses like Redshift do not enforce keys, so the batch must be unique
   * before it meets the table.
   */
  String latestPerKey(String source) {
    String columns = columnList("");
    String client = "'" + escape(batch.client()) + "' AS " + CLIENT_COLUMN;
    if (config.key().isEmpty()) {
      return "SELECT " + client + ", " + columns + " FROM " + source;
    }
    return "SELECT " + client + ", " + columns + " FROM (SELECT " + columns
        + ", ROW_NUMBER() OVER (PARTITION BY " + String.join(", ", config.key())
        + " ORDER BY " + DATE_COLUMN + " DESC) AS dif_row FROM " + source
        + ") AS ranked WHERE dif_row = 1";
  }

  /**
   * The batch's rows from {@code source} with the client: as they are when the batch is known to
   * be unique on the key (no key, or {@link #repeatedKeys} gave 0), else {@link
   * #latestPerKey}.
   */
  String batchRows(String source, boolean uniqueOnKey) {
    if (uniqueOnKey || config.key().isEmpty()) {
      return "SELECT '" + escape(batch.client()) + "' AS " + CLIENT_COLUMN + ", "
          + columnList("") + " FROM " + source;
    }
    return latestPerKey(source);
  }

  /**
   * A DuckDB query over {@code source} that returns 0 only when no key occurs twice in it: rows
   * minus distinct 64-bit hashes of the key. Rows with equal keys (NULLs included, as they
   * match) have equal hashes, so 0 proves the batch unique; more than 0 means a repeated key or,
   * rarely, two keys with one hash, and the batch is then ranked ({@link #latestPerKey}), which
   * is right either way. Cheaper than grouping by the key columns themselves: one integer per
   * row to count, and usually (the transform keeps one row per key and date) the answer is 0.
   */
  String repeatedKeys(String source) {
    return "SELECT count(*) - count(DISTINCT hash(" + String.join(", ", config.key())
        + ")) FROM " + source;
  }

  /** The dataset's key columns. */
  List<String> keys() {
    return config.key();
  }

  /** Whether the batch replaces rows by key (mode merge with a key). */
  boolean mergesOnKey() {
    return config.destination().mode() == LoadMode.MERGE && !config.key().isEmpty();
  }

  /** The key columns of {@code source}. */
  String keys(String source) {
    return "SELECT " + String.join(", ", config.key()) + " FROM " + source;
  }

  /** The key columns with their types, for a table of keys. */
  String keyColumns() {
    return config.key().stream().map(key -> key + " " + config.columns().stream()
            .filter(c -> c.name().equals(key)).findFirst()
            .map(c -> dialect.type(c.type())).orElseThrow())
        .collect(Collectors.joining(", "));
  }

  /** The table's columns in the order {@link #insertFrom} and COPY into the table use. */
  List<String> tableColumns() {
    List<String> columns = new ArrayList<>();
    columns.add(CLIENT_COLUMN);
    config.columns().forEach(c -> columns.add(c.name()));
    columns.add(DATE_COLUMN);
    columns.add(LOADED_AT_COLUMN);
    return columns;
  }

  /** {@code rows} (as {@link #batchRows} returns them) with this load's {@code _loaded_at}. */
  String withLoadedAt(String rows) {
    return "SELECT " + CLIENT_COLUMN + ", " + columnList("") + ", " + loadedAt + " AS "
        + LOADED_AT_COLUMN + " FROM (" + rows + ") AS batch";
  }

  /** Inserts {@code rows} (as {@link #batchRows} returns them) straight into the table. */
  String insertFrom(String rows) {
    return "INSERT INTO " + table + " (" + String.join(", ", tableColumns()) + ") "
        + withLoadedAt(rows);
  }

  /** Locks the table against other writers (readers go on) until the transaction ends. */
  String lockAgainstWriters() {
    return "LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE";
  }

  /** Creates the staging table from a source of raw batch rows, de-duplicated on the key. */
  String createStageFrom(String source) {
    return "CREATE TEMP TABLE " + STAGE + " AS " + latestPerKey(source);
  }

  String dropStage() {
    return "DROP TABLE IF EXISTS " + STAGE;
  }

  String countStage() {
    return "SELECT count(*) FROM " + STAGE;
  }

  String countClientRows() {
    return "SELECT count(*) FROM " + table + " WHERE " + CLIENT_COLUMN + " = '"
        + escape(batch.client()) + "'";
  }

  /** MERGE needs plain equality on the key: it is used when no key column may be NULL. */
  boolean useMerge() {
    return config.destination().mode() == LoadMode.MERGE && dialect.supportsMerge()
        && config.columns().stream().filter(c -> config.key().contains(c.name()))
            .allMatch(ColumnConfig::required);
  }

  /** The statements of the transaction, in order. */
  List<String> transaction() {
    if (useMerge()) {
      return List.of(merge());
    }
    List<String> statements = new ArrayList<>();
    if (deletes()) {
      statements.add(delete());
    }
    statements.add(insert());
    return statements;
  }

  /** Whether the batch replaces rows (merge, replace) rather than only adding them. */
  boolean deletes() {
    return config.destination().mode() != LoadMode.APPEND;
  }

  /** Deletes what the batch replaces: the same keys (merge) or the same dates (replace). */
  String delete() {
    String client = CLIENT_COLUMN + " = '" + escape(batch.client()) + "'";
    return switch (config.destination().mode()) {
      case APPEND -> throw new IllegalStateException("append deletes nothing");
      case MERGE -> deleteKeysIn(STAGE);
      case REPLACE -> "DELETE FROM " + table + " WHERE " + client + " AND " + DATE_COLUMN
          + " IN (" + batch.dates().stream().map(d -> "DATE '" + d + "'")
              .collect(Collectors.joining(", ")) + ")";
    };
  }

  /** Merge's delete: this client's rows whose key is in {@code keys} (a table or subquery). */
  String deleteKeysIn(String keys) {
    return "DELETE FROM " + table + " WHERE " + CLIENT_COLUMN + " = '" + escape(batch.client())
        + "' AND EXISTS (SELECT 1 FROM " + keys + " AS s WHERE " + keyMatch(table, "s") + ")";
  }

  String insert() {
    return "INSERT INTO " + table + " (" + CLIENT_COLUMN + ", " + columnList("") + ", "
        + LOADED_AT_COLUMN + ") SELECT " + CLIENT_COLUMN + ", " + columnList("") + ", "
        + loadedAt + " FROM " + STAGE;
  }

  /**
   * MERGE in the subset PostgreSQL 15+ and Redshift share: no target alias, equality on columns,
   * one WHEN MATCHED UPDATE and one WHEN NOT MATCHED INSERT. Key columns are not updated.
   */
  String merge() {
    String updates = config.columns().stream().filter(c -> !config.key().contains(c.name()))
        .map(c -> c.name() + " = s." + c.name())
        .collect(Collectors.joining(", ")) + ", " + DATE_COLUMN + " = s." + DATE_COLUMN + ", "
        + LOADED_AT_COLUMN + " = " + loadedAt;
    return "MERGE INTO " + table + " USING " + STAGE + " AS s ON " + table + "." + CLIENT_COLUMN
        + " = s." + CLIENT_COLUMN + " AND " + keyMatch(table, "s")
        + " WHEN MATCHED THEN UPDATE SET " + updates
        + " WHEN NOT MATCHED THEN INSERT (" + CLIENT_COLUMN + ", " + columnList("") + ", "
        + LOADED_AT_COLUMN + ") VALUES (s." + CLIENT_COLUMN + ", " + columnList("s.") + ", "
        + loadedAt + ")";
  }

  private String keyMatch(String target, String source) {
    return config.key().stream().map(key -> {
      boolean required = config.columns().stream()
          .anyMatch(c -> c.name().equals(key) && c.required());
      String left = target + "." + key;
      String right = source + "." + key;
      return required ? left + " = " + right : dialect.nullSafeEquals(left, right);
    }).collect(Collectors.joining(" AND "));
  }

  /** Dataset columns then dt, each with an optional qualifier. */
  private String columnList(String qualifier) {
    return config.columns().stream().map(c -> qualifier + c.name())
        .collect(Collectors.joining(", ")) + ", " + qualifier + DATE_COLUMN;
  }

  static String escape(String text) {
    return text.replace("'", "''");
  }
}
