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

/** Where a client's documents are in the pipeline, and which ones are stuck. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show the state of a client's raw documents (pages, files): a table of"
        + " documents, counts per state, and documents stuck in a non-terminal state.")
final class StatusCommand implements Callable<Integer> {
  @Mixin
  Workspace workspace;

  @Mixin
  ControlOptions control;

  @Option(names = "--client", required = true, paramLabel = "CLIENT", description = "Client id.")
  String client;

  @Option(names = "--date", paramLabel = "yyyy-MM-dd", description = "Only this data date.")
  LocalDate date;

  @Option(names = "--state", paramLabel = "STATE",
      description = "Only this state: ${COMPLETION-CANDIDATES}.")
  DocumentState state;

  @Option(names = "--source", paramLabel = "SOURCE", description = "Only this source.")
  String source;

  @Option(names = "--stuck-after", defaultValue = "PT6H", paramLabel = "DURATION",
      description = "A document resting longer than this in LANDED, CURATED or QUARANTINED is"
          + " stuck (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration stuckAfter;

  @Option(names = "--documents",
      description = "List every document, not only the counts per date and stream.")
  boolean listDocuments;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
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
    ClientConfig config = workspace.loadClient(client);
    printHighWaterMarks(config, control.stores(workspace).checkpoints(clock));
    List<DocumentStatus> documents = store.find(query);
    Map<DocumentState, Integer> counts = new EnumMap<>(DocumentState.class);
    documents.forEach(document -> counts.merge(document.state(), 1, Integer::sum));
    System.out.println("Documents of client " + client + describeFilters() + ":");
    if (listDocuments) {
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
      table.print(System.out);
    } else {
      // superseded documents are history: a newer run of their date replaced them
      printByDay(documents.stream().filter(document -> state == DocumentState.SUPERSEDED
          || document.state() != DocumentState.SUPERSEDED).toList());
    }
    System.out.println();
    TextTable summary = new TextTable("STATE", "DOCUMENTS");
    counts.forEach((s, count) -> summary.row(s.name(), Integer.toString(count)));
    summary.row("TOTAL", Integer.toString(documents.size()));
    summary.print(System.out);

    Set<DocumentState> waiting = EnumSet.noneOf(DocumentState.class);
    for (DocumentState s : DocumentState.values()) {
      if (!s.terminal() && (state == null || state == s)) {
        waiting.add(s);
      }
    }
    Instant threshold = clock.instant().minus(stuckAfter);
    // pages of a stream no dataset reads (a parent list) have nowhere to go: they rest LANDED
    Set<String> read = new java.util.HashSet<>();
    config.datasets().values().forEach(dataset -> read.add(dataset.from().toString()));
    List<DocumentStatus> stuck = waiting.isEmpty() ? List.of()
        : store.find(query.states(waiting).updatedBefore(threshold)).stream()
            .filter(document -> read.contains(document.id().source() + "."
                + document.id().stream())).toList();
    System.out.println();
    if (stuck.isEmpty()) {
      System.out.println("No document stuck for longer than " + stuckAfter + ".");
    } else {
      System.out.println(stuck.size() + " document(s) stuck for longer than " + stuckAfter + ":");
      for (DocumentStatus document : stuck) {
        System.out.println("  " + document.id() + " " + document.state() + " since "
            + document.updatedAt() + " (stage " + document.stage() + ", run "
            + document.runId() + ")");
      }
    }
    return 0;
  }

  /** Each windowed stream's high-water mark and what the next run without --from extracts. */
  private void printHighWaterMarks(ClientConfig config, CheckpointStore checkpoints) {
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
    if (!table.isEmpty()) {
      System.out.println("Incremental streams of client " + client + ":");
      table.print(System.out);
      System.out.println();
    }
  }

  /** One line per data date, stream and state: what an operator asks first. */
  private static void printByDay(List<DocumentStatus> documents) {
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
    table.print(System.out);
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
