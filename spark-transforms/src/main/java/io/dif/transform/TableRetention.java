package io.dif.transform;

import static io.dif.transform.TransformColumns.DT_PARTITION;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.udf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.ColumnConfig;
import io.dif.core.config.DatasetConfig;
import io.dif.core.config.RetentionConfig;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.TableCatalog;
import io.dif.core.zone.ZoneLayout;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Applies the datasets' {@code retention} to their curated and quarantine tables: rows whose data
 * date is older than {@code anonymize_after} get their personal-data columns in their anonymous
 * form ({@link Anonymizer#anonymous}; in quarantine, the personal fields of the record become
 * null), rows older than {@code delete_after} are deleted, both in one commit per table
 * (copy-on-write overwrite of the dates concerned). After such a commit every older snapshot is
 * expired and the files only they referenced are deleted, so the replaced values are gone from
 * disk; otherwise snapshots older than the shortest retention period are expired. Idempotent:
 * a row already anonymous is not rewritten, a table with nothing to change gets no commit.
 */
public final class TableRetention {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What retention did (or, dry, would do) to one table. */
  public record TableResult(String dataset, String table, long rowsAnonymized, long rowsDeleted,
      List<LocalDate> anonymizedDates, List<LocalDate> deletedDates, Optional<Long> snapshotId,
      int snapshotsExpired) {}

  private final SparkSession spark;
  private final ZoneLayout zones;
  private final Clock clock;

  public TableRetention(SparkSession spark, ZoneLayout zones, Clock clock) {
    this.spark = spark;
    this.zones = zones;
    this.clock = clock;
  }

  /** Applies (or, dry, counts) the retention of every dataset of the client that has one. */
  public List<TableResult> apply(ClientConfig client, boolean dryRun) {
    IcebergTables tables = new IcebergTables(spark, TableCatalog.of(zones));
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    List<TableResult> results = new ArrayList<>();
    for (Map.Entry<String, DatasetConfig> dataset : client.datasets().entrySet()) {
      Optional<RetentionConfig> retention = dataset.getValue().retention();
      if (retention.isEmpty()) {
        continue;
      }
      for (TableCatalog.Zone zone : TableCatalog.Zone.values()) {
        Optional<Table> table = tables.find(zone, client.client(), dataset.getKey());
        if (table.isEmpty() || table.get().currentSnapshot() == null) {
          continue;
        }
        results.add(new Plan(tables, table.get(), zone, client.client(), dataset.getKey(),
            dataset.getValue(), retention.get(), today).run(dryRun));
      }
    }
    return results;
  }

  /** One table's retention. */
  private final class Plan {
    private final IcebergTables tables;
    private final Table table;
    private final TableCatalog.Zone zone;
    private final String dataset;
    private final DatasetConfig config;
    private final RetentionConfig retention;
    private final LocalDate today;
    private final String sparkName;
    private final String label;

    Plan(IcebergTables tables, Table table, TableCatalog.Zone zone, String client,
        String dataset, DatasetConfig config, RetentionConfig retention, LocalDate today) {
      this.tables = tables;
      this.table = table;
      this.zone = zone;
      this.dataset = dataset;
      this.config = config;
      this.retention = retention;
      this.today = today;
      this.sparkName = tables.sparkName(zone, client, dataset);
      this.label = TableCatalog.tableName(zone, client, dataset);
    }

    TableResult run(boolean dryRun) {
      Dataset<Row> rows = spark.read().table(sparkName);
      Column deleted = retention.deleteAfter()
          .map(period -> before(rows, today.minus(period))).orElse(lit(false));
      Column stale = retention.anonymizeAfter()
          .map(period -> before(rows, today.minus(period)).and(not(deleted)))
          .orElse(lit(false));
      List<Column> anonymous = anonymousColumns(rows);
      Column changes = lit(false);
      for (StructField field : rows.schema().fields()) {
        Column replaced = anonymous.get(rows.schema().fieldIndex(field.name()));
        changes = changes.or(not(col(field.name()).eqNullSafe(replaced)));
      }
      Column toAnonymize = stale.and(changes);
      List<Object> anonymizedDates = dates(rows.filter(toAnonymize));
      List<Object> deletedDates = dates(rows.filter(deleted));
      long anonymized = anonymizedDates.isEmpty() ? 0 : rows.filter(toAnonymize).count();
      long removed = deletedDates.isEmpty() ? 0 : rows.filter(deleted).count();
      Optional<Long> snapshot = Optional.empty();
      int expired;
      if (!dryRun && (anonymized > 0 || removed > 0)) {
        Column affected = deleted;
        if (!anonymizedDates.isEmpty()) {
          affected = affected.or(col(DT_PARTITION).isin(anonymizedDates.toArray()));
        }
        Column rewritten = col(DT_PARTITION).isin(anonymizedDates.toArray()).and(not(deleted));
        try {
          // one commit: the dates to anonymize rewritten, the dates to delete dropped
          rows.filter(anonymizedDates.isEmpty() ? lit(false) : rewritten)
              .select(anonymous.toArray(Column[]::new))
              .writeTo(sparkName).overwrite(affected);
        } catch (Exception e) {
          throw new DataException(ErrorCode.TRANSFORM_FAILED, "Cannot apply the retention of"
              + " dataset " + dataset + " to " + label + ": " + e.getMessage(), e);
        }
        table.refresh();
        snapshot = Optional.of(table.currentSnapshot().snapshotId());
        if (zone == TableCatalog.Zone.CURATED) {
          List<Object> changed = new ArrayList<>(anonymizedDates);
          changed.addAll(deletedDates);
          CsvCopies.refresh(spark, sparkName, table, changed);
        }
        expired = expire(table, System.currentTimeMillis() + 1);
      } else if (!dryRun) {
        expired = expire(table, clock.millis() - shortestPeriodMillis());
      } else {
        expired = 0;
      }
      return new TableResult(dataset, label, anonymized, removed, localDates(anonymizedDates),
          localDates(deletedDates), snapshot, expired);
    }

    /** Every column of the table, personal ones in their anonymous form. */
    private List<Column> anonymousColumns(Dataset<Row> rows) {
      List<Column> columns = new ArrayList<>();
      Set<String> personalFields = new LinkedHashSet<>();
      for (ColumnConfig column : config.columns()) {
        if (column.anonymize().isPresent()) {
          personalFields.add(column.name());
          personalFields.add(column.sourceField().split("[.\\[]", 2)[0]);
        }
      }
      for (StructField field : rows.schema().fields()) {
        Column value = col(field.name());
        if (zone == TableCatalog.Zone.CURATED) {
          Optional<ColumnConfig> column = config.columns().stream()
              .filter(c -> c.name().equals(field.name()) && c.anonymize().isPresent())
              .findFirst();
          if (column.isPresent()) {
            value = Anonymizer.anonymous(column.get(), value).cast(field.dataType());
          }
        } else if (field.name().equals("record") && !personalFields.isEmpty()) {
          List<String> fields = List.copyOf(personalFields);
          value = udf((UDF1<String, String>) record -> withoutPersonalData(record, fields),
              DataTypes.StringType).apply(value);
        }
        columns.add(value.as(field.name()));
      }
      return columns;
    }

    private long shortestPeriodMillis() {
      return java.util.stream.Stream.of(retention.anonymizeAfter(), retention.deleteAfter())
          .flatMap(Optional::stream)
          .mapToLong(period -> java.time.Duration.between(today.minus(period).atStartOfDay(),
              today.atStartOfDay()).toMillis())
          .min().orElse(Long.MAX_VALUE / 2);
    }
  }

  /** Rows whose data date is before the cutoff, as a filter Iceberg can take. */
  private static Column before(Dataset<Row> rows, LocalDate cutoff) {
    boolean text = rows.schema().apply(DT_PARTITION).dataType() == DataTypes.StringType;
    return col(DT_PARTITION).lt(text ? lit(cutoff.toString()) : lit(Date.valueOf(cutoff)));
  }

  private static List<Object> dates(Dataset<Row> rows) {
    return rows.select(col(DT_PARTITION)).distinct().collectAsList().stream()
        .map(row -> row.get(0)).sorted((a, b) -> a.toString().compareTo(b.toString()))
        .toList();
  }

  private static List<LocalDate> localDates(List<Object> dates) {
    return dates.stream().map(date -> date instanceof Date sql ? sql.toLocalDate()
        : LocalDate.parse(date.toString())).toList();
  }

  /**
   * A quarantined record with its personal fields null (the top-level fields the personal-data
   * columns read); the record itself when it is not a JSON object.
   */
  static String withoutPersonalData(String record, List<String> fields) {
    if (record == null) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(record);
      if (!(node instanceof ObjectNode object)) {
        return record;
      }
      boolean changed = false;
      for (String field : fields) {
        if (object.has(field) && !object.get(field).isNull()) {
          object.putNull(field);
          changed = true;
        }
      }
      return changed ? JSON.writeValueAsString(object) : record;
    } catch (java.io.IOException e) {
      return null; // not JSON: nothing of it can be shown safely
    }
  }

  /**
   * Expires the snapshots committed before {@code olderThanMillis} but the current one and
   * deletes the files only they referenced, then the data files no snapshot references.
   */
  private static int expire(Table table, long olderThanMillis) {
    table.refresh();
    int before = 0;
    for (org.apache.iceberg.Snapshot ignored : table.snapshots()) {
      before++;
    }
    table.expireSnapshots().expireOlderThan(olderThanMillis).retainLast(1)
        .cleanExpiredFiles(true).commit();
    table.refresh();
    OrphanFiles.delete(table);
    int after = 0;
    for (org.apache.iceberg.Snapshot ignored : table.snapshots()) {
      after++;
    }
    return before - after;
  }
}
