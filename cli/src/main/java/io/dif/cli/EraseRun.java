package io.dif.cli;

import io.dif.pipeline.ControlPlane;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.DatasetConfig;
import io.dif.core.config.Warehouse;
import io.dif.load.WarehouseErasure;
import io.dif.load.WarehouseRows;
import io.dif.pipeline.Warehouses;
import io.dif.transform.RawErasure;
import io.dif.transform.SubjectErasure;
import io.dif.transform.SubjectErasure.Subject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.dif.core.state.DocumentId;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.state.Transition;
import org.apache.spark.sql.SparkSession;

/**
 * One erasure of subjects from a client's zones and warehouse (Spark: a class of its own, so the
 * command itself loads without Spark in the extractor artifact).
 */
final class EraseRun {
  private final ClientConfig config;
  private final List<Subject> parsed;
  private final SparkSession spark;
  private final ControlPlane control;
  private final Workspace workspace;
  private final String id;

  EraseRun(ClientConfig config, List<Subject> parsed, SparkSession spark, ControlPlane control,
      Workspace workspace, String id) {
    this.config = config;
    this.parsed = parsed;
    this.spark = spark;
    this.control = control;
    this.workspace = workspace;
    this.id = id;
  }

  /** The document of a page the subject's records left moves to ERASED (once). */
  private void erased(DocumentId document) {
    Optional<DocumentStatus> status = control.states().get(document);
    if (status.isPresent() && status.get().state().canMoveTo(DocumentState.ERASED)) {
      control.states().transition(document, status.get().version(),
          Transition.to(DocumentState.ERASED, id, "erase", status.get().rows()));
    }
  }

  /**
   * Erases (or, dry, counts) the subjects in the curated and quarantine tables (and their CSV
   * copies), every warehouse the client's datasets load into, then the raw zone; answers the
   * records and rows concerned.
   */
  long erase(boolean dry, List<String> lines, Warehouses warehouses) {
    SubjectErasure tables = new SubjectErasure(spark, workspace.zones(), control.credentials());
    // the warehouses first: one that cannot be reached stops the erasure before any change
    Map<Warehouse, List<WarehouseErasure.Target>> targets = new EnumMap<>(Warehouse.class);
    for (DatasetConfig dataset : config.datasets().values()) {
      Map<String, List<String>> values = tables.storedValues(config, dataset, parsed);
      if (!values.isEmpty()) {
        targets.computeIfAbsent(dataset.destination().warehouse(), kind -> new ArrayList<>())
            .add(new WarehouseErasure.Target(dataset.destination().table(), values));
      }
    }
    Map<Warehouse, WarehouseRows> rows = new EnumMap<>(Warehouse.class);
    targets.keySet().forEach(kind -> rows.put(kind, warehouses.rows(kind)));
    long total = 0;
    for (SubjectErasure.TableResult table : tables.erase(config, parsed, dry)) {
      lines.add(table.table() + ": " + table.rowsDeleted() + " rows"
          + table.snapshotId().map(s -> ", snapshot " + s).orElse(""));
      total += table.rowsDeleted();
    }
    for (Map.Entry<Warehouse, List<WarehouseErasure.Target>> kind : targets.entrySet()) {
      WarehouseRows warehouse = rows.get(kind.getKey());
      for (WarehouseErasure.Result result : warehouse.erase(config.client(), kind.getValue(),
          dry)) {
        lines.add("warehouse " + warehouse.name() + " " + result.table() + ": "
            + result.rowsDeleted() + " rows");
        total += result.rowsDeleted();
      }
    }
    // the raw zone last: killed before, its pages still hold the person, so a rerun with
    // --reapply (which finds people in the raw zone by their kept keyed hashes) completes it
    for (RawErasure.PageResult page : new RawErasure(workspace.zones(),
        spark.sparkContext().hadoopConfiguration()).erase(config, parsed, id, dry)) {
      lines.add("raw " + page.page() + ": " + page.recordsRemoved() + " records");
      total += page.recordsRemoved();
      if (!dry) {
        erased(new DocumentId(config.client(), page.source(), page.stream(), page.dt(),
            page.runId(), page.file()));
      }
    }
    return total;
  }
}
