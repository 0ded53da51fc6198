package io.dif.transform;

import static io.dif.transform.TransformColumns.DT_PARTITION;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.dif.core.config.AnonymizeMethod;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.ColumnConfig;
import io.dif.core.config.DatasetConfig;
import io.dif.core.config.TextCase;
import io.dif.core.credential.CredentialStore;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.TableCatalog;
import io.dif.core.zone.ZoneLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Deletes one person's rows from a client's curated and quarantine tables: the rows whose
 * personal-data column holds the subject's value as the transform stores it (the keyed hash for
 * {@code hmac_sha256} columns, computed exactly as {@link Anonymizer} does; the cleaned value for
 * columns kept as they are). Each table gets one commit that rewrites the dates holding such rows
 * (copy-on-write); then its older snapshots are expired and files no snapshot references are
 * deleted, so the rows are gone from disk, not only from the current state.
 */
public final class SubjectErasure {

  /** One subject: a source field of the records and the person's value in it. */
  public record Subject(String field, String value) {
    /** Parses {@code field=value}. */
    public static Subject parse(String text) {
      int equals = text.indexOf('=');
      if (equals <= 0 || equals == text.length() - 1) {
        throw new io.dif.core.error.ConfigurationException(ErrorCode.CONFIG_INVALID,
            "Cannot read the erasure subject: expected field=value, e.g. email=alice@example.com:"
                + " " + text.replaceAll(".", "*"));
      }
      return new Subject(text.substring(0, equals).trim(), text.substring(equals + 1));
    }

    /**
     * The keyed hash a kept erasure request holds instead of the value: HMAC-SHA256 (the
     * client's erasure key) of the value trimmed and in lower case, the way the raw zone's
     * values are compared ({@link RawErasure#find}).
     */
    public String keyedHash(byte[] key) {
      return PersonalData.hmac(key, normalized(value));
    }

    static String normalized(String value) {
      return value.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
      return "Subject[" + field + "=***]"; // never the value
    }
  }

  /** What the erasure did (or, dry, would do) to one table. */
  public record TableResult(String table, long rowsDeleted, Optional<Long> snapshotId) {}

  private final SparkSession spark;
  private final ZoneLayout zones;
  private final CredentialStore credentials;

  public SubjectErasure(SparkSession spark, ZoneLayout zones, CredentialStore credentials) {
    this.spark = spark;
    this.zones = zones;
    this.credentials = credentials;
  }

  /**
   * The values a subject has in a dataset's columns as curated data stores them, by column; no
   * entry for columns that do not read the subject's field or whose values cannot be matched
   * (masked, dropped, generalized).
   */
  public Map<String, List<String>> storedValues(ClientConfig client, DatasetConfig dataset,
      List<Subject> subjects) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (ColumnConfig column : dataset.columns()) {
      for (Subject subject : subjects) {
        if (!subject.field().equals(column.sourceField())
            && !subject.field().equals(column.name())) {
          continue;
        }
        String cleaned = subject.value().trim();
        if (column.textCase().isPresent()) {
          cleaned = column.textCase().get() == TextCase.LOWER ? cleaned.toLowerCase(Locale.ROOT)
              : cleaned.toUpperCase(Locale.ROOT);
        }
        if (column.anonymize().isEmpty()) {
          values.computeIfAbsent(column.name(), name -> new ArrayList<>()).add(cleaned);
        } else if (column.anonymize().get().method() == AnonymizeMethod.HMAC_SHA256) {
          byte[] key = credentials.get(client.client(), column.anonymize().get().key()).reveal()
              .getBytes(StandardCharsets.UTF_8);
          values.computeIfAbsent(column.name(), name -> new ArrayList<>())
              .add(PersonalData.hmac(key, cleaned));
        }
      }
    }
    return values;
  }

  /** Erases the subjects from every dataset's curated and quarantine table of the client. */
  public List<TableResult> erase(ClientConfig client, List<Subject> subjects, boolean dryRun) {
    IcebergTables tables = new IcebergTables(spark, TableCatalog.of(zones));
    List<TableResult> results = new ArrayList<>();
    for (DatasetConfig dataset : client.datasets().values()) {
      Map<String, List<String>> values = storedValues(client, dataset, subjects);
      if (values.isEmpty()) {
        continue;
      }
      String name = datasetName(client, dataset);
      for (TableCatalog.Zone zone : TableCatalog.Zone.values()) {
        Optional<Table> table = tables.find(zone, client.client(), name);
        if (table.isEmpty() || table.get().currentSnapshot() == null) {
          continue;
        }
        Column matches = null;
        for (Map.Entry<String, List<String>> value : values.entrySet()) {
          Column column = zone == TableCatalog.Zone.CURATED ? col(value.getKey())
              : get_json_object(col("record"), "$." + value.getKey());
          Column match = column.isin(value.getValue().toArray());
          matches = matches == null ? match : matches.or(match);
        }
        results.add(eraseFrom(tables, table.get(), zone, client.client(), name, matches,
            dryRun));
      }
    }
    return results;
  }

  private TableResult eraseFrom(IcebergTables tables, Table table, TableCatalog.Zone zone,
      String client, String dataset, Column matches, boolean dryRun) {
    String sparkName = tables.sparkName(zone, client, dataset);
    String label = TableCatalog.tableName(zone, client, dataset);
    Dataset<Row> rows = spark.read().table(sparkName);
    List<Object> dates = rows.filter(matches).select(col(DT_PARTITION)).distinct()
        .collectAsList().stream().map(row -> row.get(0)).toList();
    long deleted = dates.isEmpty() ? 0 : rows.filter(matches).count();
    if (dryRun || deleted == 0) {
      if (!dryRun) {
        removeUnreferencedFiles(table);
      }
      return new TableResult(label, deleted, Optional.empty());
    }
    Column affected = col(DT_PARTITION).isin(dates.toArray());
    try {
      // one commit: the dates holding the subject's rows, rewritten without them
      spark.read().table(sparkName).filter(affected.and(not(matches)))
          .writeTo(sparkName).overwrite(affected);
    } catch (Exception e) {
      throw new DataException(ErrorCode.TRANSFORM_FAILED, "Cannot erase the subject from "
          + label + ": " + e.getMessage(), e);
    }
    table.refresh();
    long snapshot = table.currentSnapshot().snapshotId();
    if (zone == TableCatalog.Zone.CURATED) {
      CsvCopies.refresh(spark, sparkName, table, dates);
    }
    removeUnreferencedFiles(table);
    return new TableResult(label, deleted, Optional.of(snapshot));
  }

  /**
   * Expires every snapshot but the current one and deletes the files only they referenced,
   * then the data files no snapshot references (left by runs that failed before publishing).
   */
  static void removeUnreferencedFiles(Table table) {
    table.refresh();
    table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1)
        .cleanExpiredFiles(true).commit();
    table.refresh();
    OrphanFiles.delete(table);
  }

  private static String datasetName(ClientConfig client, DatasetConfig dataset) {
    return client.datasets().entrySet().stream().filter(entry -> entry.getValue() == dataset)
        .map(Map.Entry::getKey).findFirst().orElseThrow();
  }
}
