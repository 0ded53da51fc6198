package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.TableCatalog;
import io.dif.load.CuratedTables;
import java.util.Map;

/** {@code dif status --client C --dataset D --history}: the curated table's snapshots. */
final class TableHistory {
  private TableHistory() {}

  static void report(StatusReport report, Workspace workspace, ClientConfig config,
      String dataset) {
    if (dataset == null || !config.datasets().containsKey(dataset)) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot show the table history"
          + " of client " + config.client() + ": give --dataset, one of "
          + config.datasets().keySet() + (dataset == null ? "" : "; not " + dataset));
    }
    try (CuratedTables tables = new CuratedTables(TableCatalog.of(workspace.zones()))) {
      var history = tables.history(TableCatalog.Zone.CURATED, config.client(), dataset);
      if (history.isEmpty()) {
        report.value("curated", "Curated table " + TableCatalog.tableName(
            TableCatalog.Zone.CURATED, config.client(), dataset) + ": none yet", null);
        return;
      }
      Long current = history.get().snapshots().stream().filter(s -> s.current())
          .map(CuratedTables.SnapshotInfo::snapshotId).findFirst().orElse(null);
      StringBuilder line = new StringBuilder("Curated table " + TableCatalog.tableName(
          TableCatalog.Zone.CURATED, config.client(), dataset) + ": curated snapshot "
          + (current == null ? "none" : current));
      history.get().loaded().forEach((warehouse, snapshot) -> line.append(", loaded snapshot ")
          .append(snapshot).append(" (").append(warehouse).append(')'));
      report.value("curated", line.toString(), current);
      TextTable table = new TextTable("snapshot", "committed at", "operation", "added rows",
          "deleted rows", "dates changed", "state");
      for (CuratedTables.SnapshotInfo snapshot : history.get().snapshots()) {
        Map<String, String> summary = snapshot.summary();
        String state = snapshot.current() ? "current" : "";
        for (var loaded : history.get().loaded().entrySet()) {
          if (loaded.getValue() == snapshot.snapshotId()) {
            state = (state.isEmpty() ? "" : state + ", ") + "loaded (" + loaded.getKey() + ")";
          }
        }
        table.row(Long.toString(snapshot.snapshotId()), snapshot.committedAt().toString(),
            String.valueOf(snapshot.operation()), summary.getOrDefault("added-records", "0"),
            summary.getOrDefault("deleted-records", "0"),
            summary.getOrDefault("changed-partition-count", "0"), state);
      }
      report.table("snapshots", "Snapshots, oldest first:", table);
    }
  }
}
