package io.dif.cli;

import io.dif.core.config.AnonymizeConfig;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.ColumnConfig;
import io.dif.core.config.DatasetConfig;
import io.dif.core.config.RetentionConfig;
import io.dif.core.config.Warehouse;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.state.RowCounts;
import io.dif.core.state.StateStore;
import io.dif.core.state.Transition;
import io.dif.load.WarehouseRetention;
import io.dif.load.WarehouseRows;
import io.dif.pipeline.Warehouses;
import io.dif.pipeline.ControlPlane;
import io.dif.transform.RawRetention;
import io.dif.transform.TableRetention;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * One retention run of a client (Spark: a class of its own, so the command itself loads without
 * Spark in the extractor artifact): tables, warehouse, raw zone, then the documents' states.
 */
final class RetentionRun {
  private RetentionRun() {}

  /** Applies (or, dry, lists) the client's retention; answers the rows and runs concerned. */
  static long apply(ClientConfig config, ControlPlane control, Workspace workspace,
      Warehouses warehouses, Clock clock, String runId, boolean dryRun, List<String> lines) {
    SparkSession spark = LocalSpark.session();
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    // the warehouses first: one that cannot be reached stops the run before any change
    Map<Warehouse, List<WarehouseRetention.Target>> targets = warehouseTargets(config, today);
    Map<Warehouse, WarehouseRows> rows = new EnumMap<>(Warehouse.class);
    targets.keySet().forEach(kind -> rows.put(kind, warehouses.rows(kind)));
    long total = 0;
    for (TableRetention.TableResult table : new TableRetention(spark, workspace.zones(), clock)
        .apply(config, dryRun)) {
      if (table.rowsAnonymized() + table.rowsDeleted() + table.snapshotsExpired() == 0) {
        lines.add(table.table() + ": nothing to change");
        continue;
      }
      lines.add(table.table() + ": " + table.rowsAnonymized() + " rows anonymized"
          + dates(table.anonymizedDates()) + ", " + table.rowsDeleted() + " rows deleted"
          + dates(table.deletedDates())
          + table.snapshotId().map(id -> ", snapshot " + id).orElse("")
          + (table.snapshotsExpired() > 0 ? ", " + table.snapshotsExpired()
              + " older snapshots expired and their files removed" : ""));
      total += table.rowsAnonymized() + table.rowsDeleted();
    }
    for (Map.Entry<Warehouse, List<WarehouseRetention.Target>> kind : targets.entrySet()) {
      WarehouseRows warehouse = rows.get(kind.getKey());
      for (WarehouseRetention.Result result : warehouse.applyRetention(config.client(),
          kind.getValue(), dryRun)) {
        lines.add("warehouse " + warehouse.name() + " " + result.table() + ": "
            + result.rowsAnonymized() + " rows anonymized, " + result.rowsDeleted()
            + " rows deleted");
        total += result.rowsAnonymized() + result.rowsDeleted();
      }
    }
    for (RawRetention.RunResult run : new RawRetention(workspace.zones(),
        spark.sparkContext().hadoopConfiguration(), clock).apply(config, dryRun)) {
      lines.add("raw " + run.path() + ": run landed more than "
          + config.sources().get(run.source()).rawRetention().orElseThrow() + " ago, "
          + run.files() + " files deleted");
      total++;
    }
    documents(config, control.states(), today, runId, dryRun, lines);
    return total;
  }

  private static String dates(List<LocalDate> dates) {
    return dates.isEmpty() ? "" : " (dt " + dates.get(0)
        + (dates.size() > 1 ? ".." + dates.get(dates.size() - 1) : "") + ")";
  }

  /** Each warehouse's tables of the client's datasets that have a retention. */
  private static Map<Warehouse, List<WarehouseRetention.Target>> warehouseTargets(
      ClientConfig config, LocalDate today) {
    Map<Warehouse, List<WarehouseRetention.Target>> targets = new EnumMap<>(Warehouse.class);
    for (DatasetConfig dataset : config.datasets().values()) {
      if (dataset.retention().isEmpty()) {
        continue;
      }
      RetentionConfig retention = dataset.retention().get();
      List<WarehouseRetention.Anonymization> anonymous = new ArrayList<>();
      for (ColumnConfig column : dataset.columns()) {
        if (column.anonymize().isPresent()) {
          AnonymizeConfig rule = column.anonymize().get();
          anonymous.add(new WarehouseRetention.Anonymization(column.name(),
              rule.method().name().toLowerCase(Locale.ROOT), rule.keepLast(),
              rule.generalize().map(g -> g.name().toLowerCase(Locale.ROOT)).orElse(""),
              rule.length(), column.type()));
        }
      }
      targets.computeIfAbsent(dataset.destination().warehouse(), kind -> new ArrayList<>())
          .add(new WarehouseRetention.Target(dataset.destination().table(),
              retention.anonymizeAfter().map(today::minus), retention.deleteAfter()
                  .map(today::minus), anonymous));
    }
    return targets;
  }

  /**
   * The documents of the anonymized dates move from LOADED to ANONYMIZED, those of the deleted
   * dates to ERASED.
   */
  private static void documents(ClientConfig config, StateStore states, LocalDate today,
      String runId, boolean dryRun, List<String> lines) {
    int anonymized = 0;
    int erased = 0;
    for (DatasetConfig dataset : config.datasets().values()) {
      if (dataset.retention().isEmpty()) {
        continue;
      }
      Optional<LocalDate> deleteBefore = dataset.retention().get().deleteAfter()
          .map(today::minus);
      Optional<LocalDate> anonymizeBefore = dataset.retention().get().anonymizeAfter()
          .map(today::minus);
      for (DocumentStatus document : states.find(DocumentQuery.client(config.client())
          .source(dataset.from().source()))) {
        if (!document.id().stream().equals(dataset.from().stream())) {
          continue;
        }
        LocalDate date = document.id().date();
        DocumentState to = null;
        if (deleteBefore.isPresent() && date.isBefore(deleteBefore.get())
            && document.state().canMoveTo(DocumentState.ERASED)) {
          to = DocumentState.ERASED;
        } else if (anonymizeBefore.isPresent() && date.isBefore(anonymizeBefore.get())
            && document.state().canMoveTo(DocumentState.ANONYMIZED)) {
          to = DocumentState.ANONYMIZED;
        }
        if (to == null) {
          continue;
        }
        if (to == DocumentState.ERASED) {
          erased++;
        } else {
          anonymized++;
        }
        if (!dryRun) {
          states.transition(document.id(), document.version(), Transition.to(to, runId,
              "retention", RowCounts.NONE));
        }
      }
    }
    if (anonymized + erased > 0) {
      lines.add("documents: " + anonymized + " to ANONYMIZED, " + erased + " to ERASED");
    }
  }
}
