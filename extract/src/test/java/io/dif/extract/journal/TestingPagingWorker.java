package io.dif.extract.journal;

import io.dif.control.SqliteCheckpointStore;
import io.dif.control.SqliteControlDatabase;
import io.dif.control.SqliteStateStore;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.EnvironmentCredentialStore;
import io.dif.core.error.DifException;
import io.dif.core.run.RunStoppedException;
import io.dif.core.run.StopSignal;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.ExtractionPlan;
import io.dif.extract.Extractor;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.raw.LocalRawStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;

/**
 * An extractor process for {@link PagingResumeAfterKillIT}: extracts the stream of one
 * pagination kind from {@link TestingPagedApi} with the SQLite control store as journal,
 * printing a line after each landed page ("LANDED") and saved report ("SAVED"). SIGINT asks the
 * run to stop, as the CLI does: it prints "STOPPED {message}" and exits 130.
 * Arguments: baseUrl rawRoot controlDb kind
 */
public final class TestingPagingWorker {
  static final LocalDate TODAY = LocalDate.of(2024, 2, 1);

  private TestingPagingWorker() {}

  /** A client with one stream, named after its pagination kind. */
  static ClientConfig config(String kind) {
    String stream = switch (kind) {
      case "cursor" -> """
          request: { path: /cursor, query: { limit: 2 } }
          paginate: { type: cursor, token: /paging/after, param: after }""";
      case "next_url" -> """
          request: { path: /next_url }
          paginate: { type: next_url, next_url: /paging/next }""";
      case "page_number" -> """
          request: { path: /pages }
          paginate: { type: page_number, param: page, page_size: 2, page_size_param: per_page }""";
      case "offset" -> """
          request: { path: /offset }
          paginate: { type: offset, param: offset, page_size: 2, page_size_param: limit, total: /total }""";
      case "link_header" -> """
          request: { path: /links }
          paginate: { type: link_header }""";
      case "report" -> """
          request: { method: post, path: /reports, body: '{"day": "{window_start}"}' }
          window: { start: 2024-01-10, end: 2024-01-10, step: P1D }
          report:
            report_id: /reportId
            poll: { path: "/reports/{report_id}" }
            status: /status
            running: [PENDING]
            done: [COMPLETED]
            download_url: /urls
            interval: PT0.05S
            max_interval: PT0.1S""";
      default -> throw new IllegalArgumentException(kind);
    };
    return new ClientConfigLoader().parse("paging.yaml", """
        version: 1
        client: paging
        sources:
          api:
            base_url: http://127.0.0.1:1/v1
            retry: { initial_backoff: PT0.05S, max_attempts: 2 }
            streams:
              %s:
        %s
        """.formatted(kind, stream.indent(8)));
  }

  static Extractor extractor(String baseUrl, Path rawRoot, RunJournal journal) {
    return new Extractor(new LocalRawStore(new ZoneLayout(rawRoot.toString())),
        new SourceHttpClients(new EnvironmentCredentialStore(Map.of())),
        (name, source) -> baseUrl, Clock.systemUTC(), journal, RunLocks.inProcess());
  }

  public static void main(String[] args) {
    StopSignal stop = StopSignal.never();
    sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> stop.request("SIGINT", 130));
    SqliteControlDatabase database = SqliteControlDatabase.open(Path.of(args[2]));
    RunJournal journal = new TestingExtractionWorker.Announcing(new CheckpointRunJournal(
        new SqliteCheckpointStore(database, Clock.systemUTC()),
        new SqliteStateStore(database, Clock.systemUTC())));
    try {
      extractor(args[0], Path.of(args[1]), journal).withStopSignal(stop)
          .extract(config(args[3]), ExtractionPlan.everything(TODAY)).failures()
          .forEach(failure -> {
            throw failure.error();
          });
    } catch (RunStoppedException e) {
      System.out.println("STOPPED " + e.getMessage());
      System.out.flush();
      System.exit(e.exitCode());
    } catch (DifException e) {
      System.out.println("FAILED " + e.code() + " " + e.getMessage());
      System.out.flush();
      System.exit(e.retriable() ? 75 : 2);
    }
    System.out.println("DONE");
  }
}
