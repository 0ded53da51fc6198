package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.WindowConfig;
import io.dif.core.state.CheckpointStore;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.state.StateStore;
import io.dif.extract.HighWaterMarks;
import io.dif.extract.IncrementalWindows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a client's documents are in the pipeline, and which ones are stuck; without a client,
 * one line per client.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show where a client's data is: each incremental stream's high-water mark, its"
        + " raw documents (pages, files) per day, stream and state, and documents stuck in a"
        + " non-terminal state. Without --client: one line per client (freshness, waiting,"
        + " failed and stuck documents, next scheduled run), alerting on clients late against"
        + " their schedule.")
final class StatusCommand implements Callable<Integer> {
  @Mixin
  Workspace workspace;

  @Mixin
  ControlOptions control;

  @Mixin
  AlertOptions alerts;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--client", paramLabel = "CLIENT",
      description = "Client id; without it, one line per client of the config folder.")
  String client;

  @Option(names = "--date", paramLabel = "yyyy-MM-dd", description = "Only this data date.")
  LocalDate date;

  @Option(names = "--state", paramLabel = "STATE",
      description = "Only this state: ${COMPLETION-CANDIDATES}.")
  DocumentState state;

  @Option(names = "--source", paramLabel = "SOURCE", description = "Only this source.")
  String source;

  @Option(names = "--dataset", paramLabel = "DATASET",
      description = "With --history: the dataset whose curated table to show.")
  String dataset;

  @Option(names = "--history", description = "List the snapshots of the curated table of"
      + " --dataset, and the snapshot each warehouse loaded.")
  boolean history;

  @Option(names = "--stuck-after", defaultValue = "PT6H", paramLabel = "DURATION",
      description = "A document resting longer than this in LANDED, CURATED or QUARANTINED is"
          + " stuck (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration stuckAfter;

  @Option(names = "--documents",
      description = "List every document, not only the counts per date and stream.")
  boolean listDocuments;

  @Option(names = "--json", description = "Print one JSON object for machines instead of"
      + " tables.")
  boolean json;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    StatusReport report = new StatusReport(System.out, json);
    if (client == null) {
      ClientsOverview overview = new ClientsOverview(workspace, control, clock, stuckAfter);
      overview.report(report);
      CommandAlerts.reportSchedules(spec, workspace, control, alerts, overview.clients(),
          overview.late(), clock);
    } else {
      reportClient(report);
    }
    report.finish();
    return 0;
  }

  private void reportClient(StatusReport report) {
    ClientConfig config = workspace.loadClient(client);
    StateStore store = control.stores(workspace).states(clock);
    DocumentQuery query = DocumentQuery.client(client);
    if (date != null) {
      query = query.date(date);
    }
    if (source != null) {
      query = query.source(source);
    }
    if (state != null) {
      query = query.states(Set.of(state));
    }
    report.value("client", "Client " + client + describeFilters(), client);
    if (history) {
      TableHistory.report(report, workspace, config, dataset);
      return;
    }
    report.table("incremental_streams", "Incremental streams:",
        highWaterMarks(config, control.stores(workspace).checkpoints(clock)));
    List<DocumentStatus> documents = store.find(query);
    if (listDocuments) {
      report.table("documents", "Documents:", documentTable(documents));
    } else {
      // superseded documents are history: a newer run of their date replaced them
      report.table("days", "Documents per day and stream:", byDay(documents.stream()
          .filter(document -> state == DocumentState.SUPERSEDED
              || document.state() != DocumentState.SUPERSEDED).toList()));
    }
    Map<DocumentState, Integer> counts = new EnumMap<>(DocumentState.class);
    documents.forEach(document -> counts.merge(document.state(), 1, Integer::sum));
    TextTable summary = new TextTable("STATE", "DOCUMENTS");
    counts.forEach((s, count) -> summary.row(s.name(), Integer.toString(count)));
    summary.row("TOTAL", Integer.toString(documents.size()));
    report.table("states", null, summary);

    List<DocumentStatus> stuck = stuck(config, store, query);
    TextTable stuckTable = new TextTable("DOCUMENT", "STATE", "SINCE", "STAGE", "RUN");
    stuck.forEach(document -> stuckTable.row(document.id().toString(), document.state().name(),
        document.updatedAt().toString(), document.stage(), document.runId()));
    if (stuck.isEmpty()) {
      report.value("stuck", "No document stuck for longer than " + stuckAfter + ".", List.of());
    } else {
      report.table("stuck", stuck.size() + " document(s) stuck for longer than " + stuckAfter
          + ":", stuckTable);
    }
  }

  private List<DocumentStatus> stuck(ClientConfig config, StateStore store,
      DocumentQuery query) {
    Set<DocumentState> waiting = EnumSet.noneOf(DocumentState.class);
    for (DocumentState s : DocumentState.values()) {
      if (!s.terminal() && (state == null || state == s)) {
        waiting.add(s);
      }
    }
    if (waiting.isEmpty()) {
      return List.of();
    }
    Instant threshold = clock.instant().minus(stuckAfter);
    return store.find(query.states(waiting).updatedBefore(threshold)).stream()
        .filter(document -> readByADataset(config, document)).toList();
  }

  /** Pages of a stream no dataset reads (a parent list) have nowhere to go: never stuck. */
  static boolean readByADataset(ClientConfig config, DocumentStatus document) {
    return config.datasets().values().stream().anyMatch(dataset -> dataset.from().source()
        .equals(document.id().source()) && dataset.from().stream()
        .equals(document.id().stream()));
  }

  private static TextTable documentTable(List<DocumentStatus> documents) {
    TextTable table = new TextTable("DATE", "SOURCE", "STREAM", "RUN", "DOCUMENT", "STATE",
        "UPDATED", "READ", "WRITTEN", "QUARANTINED", "ERROR");
    for (DocumentStatus document : documents) {
      table.row(document.id().date().toString(), document.id().source(),
          document.id().stream(), document.id().runId(), document.id().name(),
          document.state().name(), document.updatedAt().toString(),
          Long.toString(document.rows().read()), Long.toString(document.rows().written()),
          Long.toString(document.rows().quarantined()),
          document.error() == null ? "" : document.error());
    }
    return table;
  }

  /** Each windowed stream's high-water mark and what the next run without --from extracts. */
  private TextTable highWaterMarks(ClientConfig config, CheckpointStore checkpoints) {
    TextTable table = new TextTable("STREAM", "WINDOW START", "LOOKBACK", "HIGH-WATER MARK",
        "NEXT RUN EXTRACTS");
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    config.sources().forEach((sourceName, sourceConfig) -> sourceConfig.streams()
        .forEach((streamName, stream) -> {
          if ((source == null || source.equals(sourceName)) && stream.window().isPresent()) {
            WindowConfig window = stream.window().get();
            Optional<LocalDate> mark = HighWaterMarks.inCheckpoints(checkpoints)
                .mark(HighWaterMarks.key(client, sourceName, streamName));
            table.row(sourceName + "." + streamName, window.start().toString(),
                window.lookback().toString(), mark.map(LocalDate::toString).orElse("none"),
                IncrementalWindows.range(window, mark, Optional.empty(), Optional.empty(), today)
                    .toString());
          }
        }));
    return table;
  }

  /** One line per data date, stream and state: what an operator asks first. */
  private static TextTable byDay(List<DocumentStatus> documents) {
    record Group(String date, String stream, DocumentState state) {}
    Map<Group, long[]> groups = new java.util.TreeMap<>(java.util.Comparator
        .comparing(Group::date).thenComparing(Group::stream).thenComparing(Group::state));
    for (DocumentStatus document : documents) {
      Group group = new Group(document.id().date().toString(),
          document.id().source() + "." + document.id().stream(), document.state());
      long[] sums = groups.computeIfAbsent(group, g -> new long[4]);
      sums[0]++;
      sums[1] += document.rows().read();
      sums[2] += document.rows().written();
      sums[3] += document.rows().quarantined();
    }
    TextTable table = new TextTable("DATE", "STREAM", "STATE", "DOCUMENTS", "READ", "WRITTEN",
        "QUARANTINED");
    groups.forEach((group, sums) -> table.row(group.date(), group.stream(), group.state().name(),
        Long.toString(sums[0]), Long.toString(sums[1]), Long.toString(sums[2]),
        Long.toString(sums[3])));
    return table;
  }

  private String describeFilters() {
    StringBuilder filters = new StringBuilder();
    if (date != null) {
      filters.append(" date=").append(date);
    }
    if (source != null) {
      filters.append(" source=").append(source);
    }
    if (state != null) {
      filters.append(" state=").append(state);
    }
    return filters.toString();
  }
}
