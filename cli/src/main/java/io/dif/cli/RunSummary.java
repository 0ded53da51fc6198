package io.dif.cli;

import io.dif.pipeline.RunFailures;
import io.dif.extract.ExtractionResult;
import io.dif.extract.StreamRunResult;
import io.dif.load.LoadResult;
import io.dif.transform.TransformResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dif.core.error.DifException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary printed by run, extract, transform and load: lines for people, or with
 * {@code --json} one JSON object on stdout at the end, for machines (failures included; their
 * one-line errors still go to stderr).
 */
final class RunSummary {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);
  private final PrintStream out;
  private final Map<String, Object> json;

  RunSummary(PrintStream out) {
    this(out, false);
  }

  RunSummary(PrintStream out, boolean json) {
    this.out = out;
    this.json = json ? new LinkedHashMap<>() : null;
  }

  void header(String command, String client) {
    if (json != null) {
      json.put("command", command);
      json.put("client", client);
      return;
    }
    out.println("dif " + command + " --client " + client);
  }

  /** Ends the summary: prints the JSON object (with the failures), if that is the format. */
  void finish(RunFailures failures) {
    if (json == null) {
      return;
    }
    json.put("failures", failures.list().stream().map(failure -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("part", failure.what());
      entry.put("error_code", failure.error() instanceof DifException dif ? dif.code().name()
          : "INTERNAL");
      entry.put("retriable", failure.error() instanceof DifException dif && dif.retriable());
      entry.put("message", String.valueOf(failure.error().getMessage()));
      return entry;
    }).toList());
    try {
      out.println(JSON.writeValueAsString(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the JSON summary", e);
    }
  }

  void extract(ExtractionResult result) {
    if (json != null) {
      Map<String, Object> extract = new LinkedHashMap<>();
      extract.put("seconds", result.elapsed().toMillis() / 1000.0);
      extract.put("runs", result.runs().stream().map(run -> {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("source", run.source());
        entry.put("stream", run.stream());
        entry.put("dt", run.dt().toString());
        entry.put("run_id", run.runId());
        entry.put("pages", run.pages());
        entry.put("rows", run.records());
        entry.put("bytes", run.bytes());
        return entry;
      }).toList());
      extract.put("pages", result.pages());
      extract.put("rows", result.records());
      extract.put("bytes_received", result.bytes());
      extract.put("bytes_stored", result.storedBytes());
      json.put("extract", extract);
      return;
    }
    out.printf(Locale.ROOT, "  extract    %7s  %d runs, %d pages, %d rows landed, %s received,"
            + " %s stored (gzip)%n", seconds(result.elapsed()), result.runs().size(),
        result.pages(), result.records(), bytes(result.bytes()), bytes(result.storedBytes()));
  }

  void extractRuns(ExtractionResult result) {
    if (json != null) {
      return; // the JSON summary lists every run already
    }
    for (StreamRunResult run : result.runs()) {
      out.printf(Locale.ROOT, "    %s.%s dt=%s run=%s: %d pages, %d rows, %s%n", run.source(),
          run.stream(), run.dt(), run.runId(), run.pages(), run.records(), bytes(run.bytes()));
    }
  }

  void transform(List<TransformResult> results, Duration elapsed) {
    if (json != null) {
      Map<String, Object> transform = new LinkedHashMap<>();
      transform.put("seconds", elapsed.toMillis() / 1000.0);
      transform.put("datasets", results.stream().map(result -> {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("dataset", result.dataset());
        entry.put("dates", result.partitions().stream().map(Object::toString).toList());
        entry.put("rows_read", result.rowsRead());
        entry.put("rows_curated", result.rowsCurated());
        entry.put("rows_quarantined", result.rowsQuarantined());
        entry.put("duplicates_removed", result.duplicatesRemoved());
        entry.put("quarantine_reasons", result.quality().sortedReasons());
        result.quality().location().ifPresent(location -> entry.put("quality_report",
            location.toString()));
        return entry;
      }).toList());
      json.put("transform", transform);
      return;
    }
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
    if (json != null) {
      Map<String, Object> load = new LinkedHashMap<>();
      load.put("seconds", elapsed.toMillis() / 1000.0);
      load.put("tables", results.stream().map(result -> {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("table", result.table());
        entry.put("rows_in_batch", result.batchRows());
        entry.put("rows_replaced", result.deletedRows());
        entry.put("rows_of_client", result.tableRows());
        return entry;
      }).toList());
      json.put("load", load);
      return;
    }
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
    if (json != null) {
      json.put("seconds", total.toMillis() / 1000.0);
      json.put("warehouse", workspace.warehouseFile().toAbsolutePath().toString());
      return;
    }
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
