package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.EnvironmentCredentialStore;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.core.run.RunStoppedException;
import io.dif.core.run.StopSignal;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.raw.LocalRawStore;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures the extractor meets in life come out typed once: the network after its retries and
 * the raw zone as retriable errors naming stream and URL without secrets, a stop request as
 * {@link RunStoppedException}; never an {@code UncheckedIOException}.
 */
class ExtractorErrorsIT {
  private static final LocalDate TODAY = LocalDate.of(2024, 2, 1);

  private static ClientConfig config() {
    return new ClientConfigLoader().parse("errors.yaml", """
        version: 1
        client: errors
        sources:
          api:
            base_url: http://127.0.0.1:1
            retry: { initial_backoff: PT0.01S, max_attempts: 2 }
            streams:
              items:
                request: { path: /v1/items, query: { access_token: s3cret-token } }
        """);
  }

  private static Extractor extractor(Path root, String baseUrl) {
    return new Extractor(new LocalRawStore(new ZoneLayout(root.toString())),
        new SourceHttpClients(new EnvironmentCredentialStore(Map.of())),
        (name, source) -> baseUrl, Clock.systemUTC());
  }

  @Test
  void aRefusedConnectionIsRetriableAndNamesStreamAndUrlWithoutSecrets(@TempDir Path root)
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    assertThatThrownBy(() -> ExtractionFailures.rethrow(extractor(root,
        "http://127.0.0.1:" + closedPort).extract(config(), ExtractionPlan.everything(TODAY))))
        .isInstanceOfSatisfying(RetriableException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.HTTP_RETRIES_EXHAUSTED))
        .hasMessageStartingWith("Cannot fetch stream errors.api.items: connection refused: GET"
            + " http://127.0.0.1:" + closedPort + "/v1/items")
        .message().doesNotContain("s3cret").doesNotContain("\n");
  }

  private static MockResponse cutOff() {
    return new MockResponse().setHeader("Content-Type", "application/json")
        .setBody("{\"data\":[" + "{\"id\":1},".repeat(5000) + "{\"id\":2}]}")
        .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
  }

  @Test
  void aBodyCutOffInEveryAttemptIsRetriableAndNeverLandedAsAPage(@TempDir Path root)
      throws Exception {
    try (TestingApiServer server = new TestingApiServer()) {
      // retry.max_attempts is 2: the page is fetched twice, then the stream fails
      server.expect("GET", "/v1/items").times(2).respond(cutOff());
      assertThatThrownBy(() -> ExtractionFailures.rethrow(extractor(root, server.baseUrl())
          .extract(config(), ExtractionPlan.everything(TODAY))))
          .isInstanceOfSatisfying(RetriableException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.HTTP_RETRIES_EXHAUSTED))
          .hasMessageStartingWith("Cannot fetch stream errors.api.items: the body broke off in"
              + " 2 attempts")
          .hasMessageContaining("GET " + server.baseUrl() + "/v1/items")
          .message().doesNotContain("s3cret").doesNotContain("\n");
      server.verify();
    }
    try (var files = Files.walk(root)) {
      assertThat(files.filter(p -> p.endsWith(ZoneLayout.MANIFEST)
          || p.getFileName().toString().startsWith("page-"))).isEmpty();
    }
  }

  @Test
  void aBodyCutOffOnceIsFetchedAgainAndOnlyTheWholePageCounts(@TempDir Path root)
      throws Exception {
    try (TestingApiServer server = new TestingApiServer()) {
      server.expect("GET", "/v1/items").respond(cutOff());
      server.expect("GET", "/v1/items").respondJson("{\"data\":[{\"id\":1},{\"id\":2}]}");
      ExtractionResult result = ExtractionFailures.rethrow(extractor(root, server.baseUrl())
          .extract(config(), ExtractionPlan.everything(TODAY)));
      server.verify();
      assertThat(result.records()).isEqualTo(2);
      Path run = ExampleScenario.run(root, "errors", "api", "items", TODAY);
      assertThat(ExampleScenario.manifest(run).pages()).singleElement()
          .satisfies(page -> assertThat(page.records()).isEqualTo(2));
      try (var files = Files.list(run)) {
        assertThat(files.map(p -> p.getFileName().toString())
            .filter(name -> name.startsWith("page-"))).hasSize(1);
      }
    }
  }

  @Test
  void aPageThatIsNotJsonIsRejectedWithoutQuotingItsText(@TempDir Path root) throws Exception {
    try (TestingApiServer server = new TestingApiServer()) {
      server.expect("GET", "/v1/items")
          .respondJson("{\"data\":[{\"id\":1,\"email\":carol.jones@example.com}]}");
      assertThatThrownBy(() -> ExtractionFailures.rethrow(extractor(root, server.baseUrl())
          .extract(config(), ExtractionPlan.everything(TODAY))))
          .isInstanceOf(DataException.class)
          .hasMessageStartingWith("Cannot read page 1 of stream errors.api.items from ")
          .hasMessageEndingWith(": not valid JSON: Unrecognized token '…' at line 1, column 32")
          .message().doesNotContain("carol").doesNotContain("example")
          .doesNotContain("s3cret");
      server.verify();
    }
  }

  @Test
  void aRawZoneThatCannotBeWrittenIsRetriable(@TempDir Path temp) throws Exception {
    Path notAFolder = Files.writeString(temp.resolve("data"), "a file, not a folder");
    try (TestingApiServer server = new TestingApiServer()) {
      assertThatThrownBy(() -> ExtractionFailures.rethrow(extractor(notAFolder,
          server.baseUrl()).extract(config(), ExtractionPlan.everything(TODAY))))
          .isInstanceOfSatisfying(RetriableException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.RAW_WRITE_FAILED))
          .hasMessageStartingWith("Cannot open run of errors.api.items dt=2024-02-01");
      assertThat(server.received()).isEmpty();
    }
  }

  @Test
  void aStopRequestedBeforeTheRunTakesNoPage(@TempDir Path root) throws Exception {
    StopSignal stop = StopSignal.never();
    stop.request("SIGTERM", 143);
    try (TestingApiServer server = new TestingApiServer()) {
      assertThatThrownBy(() -> ExtractionFailures.rethrow(extractor(root, server.baseUrl())
          .withStopSignal(stop).extract(config(), ExtractionPlan.everything(TODAY))))
          .isInstanceOfSatisfying(RunStoppedException.class,
              e -> assertThat(e.exitCode()).isEqualTo(143))
          .hasMessageContaining("errors.api.items")
          .hasMessageContaining("the next run resumes");
      assertThat(server.received()).isEmpty();
    }
  }
}
