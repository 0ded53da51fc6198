package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.EnvironmentCredentialStore;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.raw.LocalRawStore;
import io.dif.sandbox.Campaign;
import io.dif.sandbox.SandboxData;
import io.dif.sandbox.SandboxServer;
import io.dif.sandbox.SandboxSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's dependent, paginated, rate-limited extraction against the sandbox ad platform. */
class SandboxExtractionIT {
  private static final LocalDate TODAY = LocalDate.of(2024, 2, 1);
  private static SandboxServer sandbox;

  @BeforeAll
  static void startSandbox() {
    // The server allows fewer requests per second than a burst would send: 429s must be retried.
    sandbox = SandboxServer.start(SandboxSettings.defaults().withCampaigns(7)
        .withRequestsPerSecond(15));
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  private static ClientConfig config(int perSecond) {
    return new ClientConfigLoader().parse("test.yaml", """
        version: 1
        client: test
        sources:
          ads:
            sandbox: { campaigns: 7 }
            rate_limit: { per_second: %d, concurrency: 3 }
            retry: { initial_backoff: PT0.05S }
            streams:
              campaigns:
                request: { path: /campaigns, query: { limit: 3 } }
                paginate: { type: cursor, token: /paging/cursors/after, param: after, until_missing: /paging/next }
              insights:
                for_each: { stream: campaigns, bind: { campaign_id: /id }, concurrency: 3 }
                request:
                  path: /campaigns/{campaign_id}/insights
                  query: { since: "{window_start}", until: "{window_end}", limit: 3 }
                paginate: { type: next_url, next_url: /paging/next }
                window: { start: 2024-01-01, end: 2024-01-03, step: P1D }
        """.formatted(perSecond));
  }

  private ExtractionResult extract(Path root, ClientConfig config) {
    Extractor extractor = new Extractor(new LocalRawStore(new ZoneLayout(root.toString())),
        new SourceHttpClients(new EnvironmentCredentialStore(Map.of())),
        (name, source) -> sandbox.baseUrl() + "/v1", Clock.systemUTC());
    return ExtractionFailures.rethrow(extractor.extract(config, ExtractionPlan.everything(TODAY)));
  }

  @Test
  void landsEveryPageOfParentAndChildrenWithManifests(@TempDir Path root) throws Exception {
    long throttledBefore = sandbox.stats().requestsThrottled();
    ExtractionResult result = extract(root, config(1000));

    SandboxData data = SandboxData.of(42, 7);
    List<Campaign> campaigns = data.campaigns();
    // campaigns: 7 records in pages of 3 -> 3 pages, one run dated "today"
    StreamRunResult campaignRun = result.runs().get(0);
    assertThat(campaignRun.stream()).isEqualTo("campaigns");
    assertThat(campaignRun.dt()).isEqualTo(TODAY);
    assertThat(campaignRun.pages()).isEqualTo(3);
    assertThat(campaignRun.records()).isEqualTo(7);

    // insights: one run per day, one chain per campaign, pages of 3 rows (one row per ad)
    List<StreamRunResult> insightRuns = result.runs().subList(1, result.runs().size());
    assertThat(insightRuns).extracting(StreamRunResult::dt).containsExactly(
        LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3));
    long adsTotal = campaigns.stream().mapToLong(c -> data.ads(c).size()).sum();
    long expectedPages = campaigns.stream()
        .mapToLong(c -> Math.max(1, (data.ads(c).size() + 2) / 3)).sum();
    for (StreamRunResult run : insightRuns) {
      assertThat(run.records()).isEqualTo(adsTotal);
      assertThat(run.pages()).isEqualTo(expectedPages);
    }
    assertThat(sandbox.stats().requestsThrottled()).isGreaterThan(throttledBefore);

    // the manifest lists exactly the landed pages with their true size and checksum
    Path runFolder = Path.of(insightRuns.get(0).location());
    RawManifest manifest;
    try (InputStream in = Files.newInputStream(runFolder.resolve("_manifest.json"))) {
      manifest = RawManifest.fromJson(in);
    }
    try (Stream<Path> files = Files.list(runFolder)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("page-")))
          .containsExactlyInAnyOrderElementsOf(
              manifest.pages().stream().map(RawManifest.Page::file).toList());
    }
    RawManifest.Page first = manifest.pages().get(0);
    byte[] body;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(runFolder.resolve(first.file())))) {
      body = in.readAllBytes();
    }
    assertThat(body.length).isEqualTo(first.bytes());
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)))
        .isEqualTo(first.sha256());
    assertThat(first.url()).contains("/insights").contains("since=2024-01-01");
    assertThat(first.parent()).containsKey("campaign_id");
    assertThat(manifest.pages()).extracting(p -> p.parent().get("campaign_id")).containsOnly(
        campaigns.stream().map(Campaign::id).toArray(String[]::new));
    assertThat(manifest.windowStart()).isEqualTo(LocalDate.of(2024, 1, 1));
  }

  @Test
  void failedRequestLeavesTheRunUncommittedAndNamesStreamAndUrl(@TempDir Path root) {
    ClientConfig broken = new ClientConfigLoader().parse("test.yaml", """
        version: 1
        client: test
        sources:
          ads:
            sandbox: {}
            retry: { max_attempts: 2, initial_backoff: PT0.01S }
            streams:
              insights:
                request: { path: /campaigns/999/insights, query: { since: "2024-01-01", until: "2024-01-01", access_token: "s3cr3t-value" } }
        """);
    assertThatThrownBy(() -> extract(root, broken))
        .hasMessageStartingWith("Cannot fetch stream test.ads.insights: HTTP 404 from GET http://127.0.0.1:")
        .hasMessageContaining("access_token=%5Bhidden%5D")
        .hasMessageNotContaining("s3cr3t-value");
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(p -> p.getFileName().toString().equals("_manifest.json")))
          .isEmpty();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void streamFilterRunsTheStreamWithItsParents(@TempDir Path root) {
    ExtractionResult result = new Extractor(new LocalRawStore(new ZoneLayout(root.toString())),
        new SourceHttpClients(new EnvironmentCredentialStore(Map.of())),
        (name, source) -> sandbox.baseUrl() + "/v1", Clock.systemUTC())
        .extract(config(1000), new ExtractionPlan(Optional.empty(), Optional.of("insights"),
            Optional.of(LocalDate.of(2024, 1, 2)), Optional.of(LocalDate.of(2024, 1, 2)), TODAY));
    assertThat(result.runs()).extracting(r -> r.stream() + "@" + r.dt())
        .containsExactly("campaigns@2024-02-01", "insights@2024-01-02");
  }
}
