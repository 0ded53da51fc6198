package io.dif.extract.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.control.SqliteCheckpointStore;
import io.dif.control.SqliteControlDatabase;
import io.dif.control.SqliteStateStore;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.EnvironmentCredentialStore;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.ExtractionPlan;
import io.dif.extract.ExtractionResult;
import io.dif.extract.Extractor;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.raw.LocalRawStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parent stream lands and commits its pages, then its child fails; the scheduler runs the
 * client again the same day. The parent's pages of the failed attempt must not stay LANDED
 * (waiting for a transform forever, shown as stuck): the retry's committed run of the same
 * stream and date supersedes them.
 */
class ParentRetryStatesIT {
  private static final LocalDate TODAY = LocalDate.of(2024, 2, 1);

  private static ClientConfig config(String baseUrl) {
    return new ClientConfigLoader().parse("retry.yaml", """
        version: 1
        client: retry
        sources:
          api:
            base_url: %s
            retry: { initial_backoff: PT0.01S, max_attempts: 2 }
            streams:
              campaigns:
                request: { path: /campaigns }
              stats:
                for_each: { stream: campaigns, bind: { campaign_id: /id } }
                request: { path: "/campaigns/{campaign_id}/stats" }
        """.formatted(baseUrl));
  }

  @Test
  void aRetrySupersedesTheParentPagesOfTheFailedAttempt(@TempDir Path temp) throws IOException {
    SqliteControlDatabase database = SqliteControlDatabase.open(temp.resolve("control.db"));
    SqliteStateStore states = new SqliteStateStore(database, Clock.systemUTC());
    RunJournal journal = new CheckpointRunJournal(new SqliteCheckpointStore(database,
        Clock.systemUTC()), states);
    boolean[] childFails = {true};
    try (MockWebServer api = new MockWebServer()) {
      api.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          if (request.getPath().equals("/campaigns")) {
            return new MockResponse().setBody("{\"data\":[{\"id\":\"7\"}]}");
          }
          return childFails[0]
              ? new MockResponse().setResponseCode(400).setBody("{\"error\":{\"message\":"
                  + "\"Invalid parameter\"}}")
              : new MockResponse().setBody("{\"data\":[{\"clicks\":3}]}");
        }
      });
      api.start();
      String baseUrl = api.url("/").toString();
      Extractor extractor = new Extractor(new LocalRawStore(new ZoneLayout(
          temp.resolve("data").toString())),
          new SourceHttpClients(new EnvironmentCredentialStore(Map.of())),
          (name, source) -> baseUrl, Clock.systemUTC(), journal, RunLocks.inProcess());

      ExtractionResult failed = extractor.extract(config(baseUrl),
          ExtractionPlan.everything(TODAY));
      assertThat(failed.failures()).singleElement()
          .satisfies(f -> assertThat(f.stream()).isEqualTo("stats"));
      String firstRun = failed.runs().get(0).runId();
      assertThat(states(states, "campaigns")).containsEntry(firstRun, DocumentState.LANDED);

      childFails[0] = false;
      ExtractionResult retried = extractor.extract(config(baseUrl),
          ExtractionPlan.everything(TODAY));
      assertThat(retried.failures()).isEmpty();
      String secondRun = retried.runs().get(0).runId();

      assertThat(states(states, "campaigns")).containsOnly(
          Map.entry(firstRun, DocumentState.SUPERSEDED),
          Map.entry(secondRun, DocumentState.LANDED));
      assertThat(states(states, "stats").values()).containsExactly(DocumentState.LANDED);
    }
  }

  /** State of each run's (single) document of a stream, by run id. */
  private static Map<String, DocumentState> states(SqliteStateStore states, String stream) {
    return states.find(DocumentQuery.client("retry").date(TODAY)).stream()
        .filter(status -> status.id().stream().equals(stream))
        .collect(Collectors.toMap(status -> status.id().runId(), DocumentStatus::state));
  }
}
