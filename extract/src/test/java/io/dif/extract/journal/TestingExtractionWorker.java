package io.dif.extract.journal;

import io.dif.control.SqliteCheckpointStore;
import io.dif.control.SqliteControlDatabase;
import io.dif.control.SqliteStateStore;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.EnvironmentCredentialStore;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.ExtractionPlan;
import io.dif.extract.Extractor;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.raw.LocalRawStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * An extractor process for the resume test: extracts the sandbox client into a raw folder with
 * the SQLite control store as journal, printing a line after each landed page so the test can
 * kill it at a page of its choosing. Arguments: sandboxBaseUrl rawRoot controlDb
 */
public final class TestingExtractionWorker {
  static final LocalDate TODAY = LocalDate.of(2024, 2, 1);

  static ClientConfig config() {
    return new ClientConfigLoader().parse("resume.yaml", """
        version: 1
        client: resume
        sources:
          ads:
            sandbox: { campaigns: 6 }
            rate_limit: { per_second: 1000, concurrency: 2 }
            retry: { initial_backoff: PT0.05S }
            streams:
              campaigns:
                request: { path: /campaigns, query: { limit: 2 } }
                paginate: { type: cursor, token: /paging/cursors/after, param: after, until_missing: /paging/next }
              insights:
                for_each: { stream: campaigns, bind: { campaign_id: /id }, concurrency: 2 }
                request:
                  path: /campaigns/{campaign_id}/insights
                  query: { since: "{window_start}", until: "{window_end}", limit: 2 }
                paginate: { type: next_url, next_url: /paging/next }
                window: { start: 2024-01-01, end: 2024-01-02, step: P1D }
        """);
  }

  static Extractor extractor(String sandboxBaseUrl, Path rawRoot, RunJournal journal) {
    return new Extractor(new LocalRawStore(new ZoneLayout(rawRoot.toString())),
        new SourceHttpClients(new EnvironmentCredentialStore(Map.of())),
        (name, source) -> sandboxBaseUrl + "/v1", Clock.systemUTC(), journal,
        RunLocks.inProcess());
  }

  public static void main(String[] args) {
    SqliteControlDatabase database = SqliteControlDatabase.open(Path.of(args[2]));
    RunJournal journal = new CheckpointRunJournal(
        new SqliteCheckpointStore(database, Clock.systemUTC()),
        new SqliteStateStore(database, Clock.systemUTC()));
    extractor(args[0], Path.of(args[1]), new Announcing(journal))
        .extract(config(), ExtractionPlan.everything(TODAY)).failures()
        .forEach(failure -> {
          throw failure.error();
        });
    System.out.println("DONE");
  }

  /** Prints "LANDED {file}" once the journal took a page. */
  record Announcing(RunJournal journal) implements RunJournal {
    @Override
    public Optional<String> committedRun(RunKey run) {
      return journal.committedRun(run);
    }

    @Override
    public Optional<OpenRun> openRun(RunKey run, Collection<String> partitions) {
      return journal.openRun(run, partitions);
    }

    @Override
    public void runStarted(RunKey run, String runId, long fencingToken) {
      journal.runStarted(run, runId, fencingToken);
    }

    @Override
    public void pageLanded(RunKey run, LandedPage page) {
      journal.pageLanded(run, page);
      System.out.println("LANDED " + run + " " + page.file());
      System.out.flush();
    }

    @Override
    public void positionSaved(RunKey run, String runId, long fencingToken, String partition,
        int pagesLanded, Map<String, String> position) {
      journal.positionSaved(run, runId, fencingToken, partition, pagesLanded, position);
      System.out.println("SAVED " + run + " " + position);
      System.out.flush();
    }

    @Override
    public void pageDropped(RunKey run, String runId, String file) {
      journal.pageDropped(run, runId, file);
    }

    @Override
    public void runCommitted(RunKey run, String runId, long fencingToken,
        Collection<String> partitions) {
      journal.runCommitted(run, runId, fencingToken, partitions);
    }
  }
}
