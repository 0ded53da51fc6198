package io.dif.cli;

import io.dif.extract.ExtractionResult;
import io.dif.extract.StreamRunResult;
import io.dif.load.LoadResult;
import io.dif.transform.TransformResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The human summary printed by run, extract, transform and load. */
final class RunSummary {
  private final PrintStream out;

  RunSummary(PrintStream out) {
    this.out = out;
  }

  void header(String command, String client) {
    out.println("dif " + command + " --client " + client);
  }

  void extract(ExtractionResult result) {
    out.printf(Locale.ROOT, "  extract    %7s  %d runs, %d pages, %d rows landed, %s received,"
            + " %s stored (gzip)%n", seconds(result.elapsed()), result.runs().size(),
        result.pages(), result.records(), bytes(result.bytes()), bytes(result.storedBytes()));
  }

  void extractRuns(ExtractionResult result) {
    for (StreamRunResult run : result.runs()) {
      out.printf(Locale.ROOT, "    %s.%s dt=%s run=%s: %d pages, %d rows, %s%n", run.source(),
          run.stream(), run.dt(), run.runId(), run.pages(), run.records(), bytes(run.bytes()));
    }
  }

  void transform(List<TransformResult> results, Duration elapsed) {
    long read = results.stream().mapToLong(TransformResult::rowsRead).sum();
    long curated = results.stream().mapToLong(TransformResult::rowsCurated).sum();
    long quarantined = results.stream().mapToLong(TransformResult::rowsQuarantined).sum();
    long duplicates = results.stream().mapToLong(TransformResult::duplicatesRemoved).sum();
    out.printf(Locale.ROOT, "  transform  %7s  %d datasets: %d rows read, %d curated,"
            + " %d quarantined, %d duplicates removed%n", seconds(elapsed), results.size(), read,
        curated, quarantined, duplicates);
    for (TransformResult result : results) {
      out.printf(Locale.ROOT, "    %s: %d read -> %d curated, %d quarantined, %d duplicates"
              + " (%d dates)%n", result.dataset(), result.rowsRead(), result.rowsCurated(),
          result.rowsQuarantined(), result.duplicatesRemoved(), result.partitions().size());
      // the data-quality lines: reasons of quarantined rows, unknown source fields, the report
      result.qualitySummary().lines().skip(1)
          .forEach(line -> out.println("    " + line));
    }
  }

  void load(List<LoadResult> results, Duration elapsed) {
    long rows = results.stream().mapToLong(LoadResult::batchRows).sum();
    out.printf(Locale.ROOT, "  load       %7s  %d tables, %d rows loaded%n", seconds(elapsed),
        results.size(), rows);
    for (LoadResult result : results) {
      out.printf(Locale.ROOT, "    %s: %d rows in batch, %d replaced, %d rows for this client"
          + " in the table%n", result.table(), result.batchRows(), result.deletedRows(),
          result.tableRows());
    }
  }

  void footer(Duration total, List<LoadResult> loaded, Workspace workspace) {
    out.printf(Locale.ROOT, "  total      %7s%n", seconds(total));
    if (!loaded.isEmpty()) {
      String table = loaded.get(loaded.size() - 1).table();
      out.println();
      out.println("Warehouse: " + workspace.warehouseFile() + "   Try:");
      // the same folder as this run, so the query reads the warehouse it just loaded
      String dataDir = workspace.dataDir.equals(java.nio.file.Path.of("data")) ? ""
          : " --data-dir " + shellQuoted(workspace.dataDir.toString());
      out.println("  ./dif sql \"SELECT dt, count(*) AS rows FROM " + table
          + " GROUP BY dt ORDER BY dt\"" + dataDir);
    }
  }

  private static String shellQuoted(String text) {
    return text.matches("[A-Za-z0-9_./@%+=:,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
