package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.EnvironmentCredentialStore;
import io.dif.core.error.RetriableException;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.journal.InMemoryRunJournal;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.raw.LocalRawStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report chain resumes from its saved report: polled again, not created again; created anew
 * only when the saved one is gone. Its files land through the journal like pages.
 */
class ReportResumeIT {
  private static final LocalDate TODAY = LocalDate.of(2024, 2, 1);

  private static ClientConfig config(String baseUrl) {
    return new ClientConfigLoader().parse("report.yaml", """
        version: 1
        client: rep
        sources:
          api:
            base_url: %s
            retry: { initial_backoff: PT0.01S, max_attempts: 2 }
            streams:
              daily:
                request: { method: post, path: /reports, body: '{"day": "{window_start}"}' }
                window: { start: 2024-01-10, end: 2024-01-10, step: P1D }
                report:
                  report_id: /reportId
                  poll: { path: "/reports/{report_id}" }
                  status: /status
                  running: [PENDING]
                  done: [COMPLETED]
                  download_url: /urls
                  interval: PT0.01S
        """.formatted(baseUrl));
  }

  @Test
  void aResumedReportIsPolledAgainAndCreatedAnewOnlyWhenItIsGone(@TempDir Path root)
      throws Exception {
    InMemoryRunJournal journal = new InMemoryRunJournal();
    try (TestingApiServer server = new TestingApiServer()) {
      Extractor extractor = new Extractor(new LocalRawStore(new ZoneLayout(root.toString())),
          new SourceHttpClients(new EnvironmentCredentialStore(Map.of())),
          BaseUrls.fromConfig(), Clock.systemUTC(), journal, RunLocks.inProcess());
      String files = server.baseUrl() + "/files";
      // first run: report r-1 built, its first file lands, the second fails on the server
      server.expect("POST", "/reports").bodyContains("2024-01-10")
          .respondJson("{\"reportId\":\"r-1\"}");
      server.expect("GET", "/reports/r-1").respondJson("{\"status\":\"COMPLETED\",\"urls\":[\""
          + files + "/r-1/1\",\"" + files + "/r-1/2\"]}");
      server.expect("GET", "/files/r-1/1").respondJson("{\"data\":[{\"id\":1},{\"id\":2}]}");
      server.expect("GET", "/files/r-1/2").times(2).respond(503, "{\"message\":\"busy\"}");
      assertThatThrownBy(() -> ExtractionFailures.rethrow(extractor.extract(
          config(server.baseUrl()), ExtractionPlan.everything(TODAY))))
          .isInstanceOf(RetriableException.class);
      assertThat(journal.landedPages()).hasSize(1);

      // second run: r-1 is polled again and only its second file is fetched
      server.expect("GET", "/reports/r-1").respondJson("{\"status\":\"COMPLETED\",\"urls\":[\""
          + files + "/r-1/1\",\"" + files + "/r-1/2\"]}");
      server.expect("GET", "/files/r-1/2").respondJson("{\"data\":[{\"id\":3}]}");
      ExtractionResult resumed = extractor.extract(config(server.baseUrl()),
          ExtractionPlan.everything(TODAY));
      assertThat(resumed.runs()).singleElement().satisfies(run -> {
        assertThat(run.pages()).isEqualTo(2);
        assertThat(run.records()).isEqualTo(3);
      });
      server.verify();
    }
  }

  @Test
  void aSavedReportThatIsGoneIsCreatedAgain(@TempDir Path root) throws Exception {
    InMemoryRunJournal journal = new InMemoryRunJournal();
    try (TestingApiServer server = new TestingApiServer()) {
      Extractor extractor = new Extractor(new LocalRawStore(new ZoneLayout(root.toString())),
          new SourceHttpClients(new EnvironmentCredentialStore(Map.of())),
          BaseUrls.fromConfig(), Clock.systemUTC(), journal, RunLocks.inProcess());
      // first run: the report is created, then every poll fails on the server
      server.expect("POST", "/reports").respondJson("{\"reportId\":\"r-1\"}");
      server.expect("GET", "/reports/r-1").times(2).respond(500, "{\"message\":\"down\"}");
      assertThatThrownBy(() -> ExtractionFailures.rethrow(extractor.extract(
          config(server.baseUrl()), ExtractionPlan.everything(TODAY))))
          .isInstanceOf(RetriableException.class);

      // second run: r-1 expired meanwhile (404), so a new report is created and landed
      server.expect("GET", "/reports/r-1").respond(404, "{\"message\":\"no such report\"}");
      server.expect("POST", "/reports").respondJson("{\"reportId\":\"r-2\"}");
      server.expect("GET", "/reports/r-2").respondJson("{\"status\":\"PENDING\"}");
      server.expect("GET", "/reports/r-2").respondJson("{\"status\":\"COMPLETED\",\"urls\":\""
          + server.baseUrl() + "/files/r-2/1\"}");
      server.expect("GET", "/files/r-2/1").respondJson("{\"data\":[{\"id\":1}]}");
      ExtractionResult resumed = extractor.extract(config(server.baseUrl()),
          ExtractionPlan.everything(TODAY));
      assertThat(resumed.runs()).singleElement().satisfies(run ->
          assertThat(run.records()).isEqualTo(1));
      assertThat(journal.landedPages()).hasSize(1);
      server.verify();
    }
  }
}
