package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.DT_PARTITION;
import static org.apache.spark.sql.functions.col;

import io.dif.core.config.DatasetConfig;
import io.dif.core.zone.TableCatalog;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * Writes a run's curated rows to the dataset's Iceberg table, columns in config order then
 * {@code dt}, as one commit that replaces exactly the dates written (dynamic partition
 * overwrite): a reader sees a date entirely before or entirely after the run. The write goes to
 * a branch of its own first ({@code dif_stage_...}, write-audit-publish): {@link #publish} makes
 * it the table's current snapshot after the run's checks, {@link #discard} drops it when the run
 * fails, so a failed run leaves the table as it was. Rows are spread over write tasks by a hash
 * of date and key (about 500,000 rows per task: one file per date for most runs), sorted by key
 * within each file, so the same input writes the same rows in the same order.
 */
final class CuratedWriter {
  private final SparkSession spark;
  private final IcebergTables tables;
  private final String client;
  private final String dataset;
  private final String location;
  private final String subject;
  private final String branch = "dif_stage_" + UUID.randomUUID().toString().replace("-", "");
  private Table table;

  CuratedWriter(SparkSession spark, IcebergTables tables, String client, String dataset,
      String location, String subject) {
    this.spark = spark;
    this.tables = tables;
    this.client = client;
    this.dataset = dataset;
    this.location = location;
    this.subject = subject;
  }

  /** Writes rows (already distributed by date and key, sorted by them) to the run's branch. */
  void write(Dataset<Row> curated, DatasetConfig config) throws NoSuchTableException {
    List<Column> columns = new ArrayList<>();
    config.columns().forEach(column -> columns.add(col(column.name())));
    columns.add(col(DT).as(DT_PARTITION));
    Dataset<Row> rows = tables.prepare(TableCatalog.Zone.CURATED, client, dataset, location,
        curated.select(columns.toArray(Column[]::new)), List.of(DT_PARTITION), subject);
    table = tables.find(TableCatalog.Zone.CURATED, client, dataset).orElseThrow();
    if (table.currentSnapshot() == null) {
      // a branch starts at a snapshot: a new table gets an empty one
      table.newAppend().commit();
    }
    table.manageSnapshots().createBranch(branch).commit();
    // the order a partitioned write needs, by date alone: the rows come sorted by date and key
    // from the de-duplication (the planner then drops this sort), or, when Spark cannot know
    // it, a radix sort on the date (one stable pass) keeps their key order
    rows.sortWithinPartitions(col(DT_PARTITION))
        .writeTo(tables.sparkName(TableCatalog.Zone.CURATED, client, dataset) + ".branch_"
            + branch)
        .overwritePartitions();
  }

  /**
   * Makes the branch's snapshot the table's current one (a fast-forward, or a re-applied
   * partition overwrite when another commit came in between) and drops the branch.
   *
   * @return the id of the table's current snapshot after the publication
   */
  long publish() {
    table.refresh();
    Snapshot staged = table.snapshot(branch);
    Snapshot current = table.currentSnapshot();
    var manage = table.manageSnapshots();
    if (current == null || staged.snapshotId() != current.snapshotId()) {
      manage = manage.cherrypick(staged.snapshotId());
    }
    manage.removeBranch(branch).commit();
    table.refresh();
    return table.currentSnapshot().snapshotId();
  }

  /** Drops the run's branch, when it has one (its files go with the next snapshot expiry). */
  void discard() {
    if (table == null) {
      return;
    }
    table.refresh();
    SnapshotRef ref = table.refs().get(branch);
    if (ref != null) {
      table.manageSnapshots().removeBranch(branch).commit();
    }
  }

  /** Writes the CSV copy of the published dates ({@link CsvCopies}), after the commit. */
  void writeCsvCopy(List<LocalDate> dates) {
    List<Object> days = new ArrayList<>();
    dates.forEach(date -> days.add(java.sql.Date.valueOf(date)));
    CsvCopies.write(spark, tables.sparkName(TableCatalog.Zone.CURATED, client, dataset),
        location, days);
  }
}
