package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.core.zone.RawManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/clients/examples/amazon_ads.yaml: Amazon Ads v3 async reports per profile — create
 * (one answered 425 naming the existing report), poll through 429 and PENDING/PROCESSING,
 * download the gzip JSON from a presigned URL without credentials, one URL expired.
 */
class AmazonAdsReportScenarioIT {
  private static final LocalDate DAY = LocalDate.of(2024, 1, 3);
  private static final String EXISTING = "9f2a1c3e-0000-4000-8000-000000000222";
  private TestingApiServer amazon;
  private final InMemoryCredentialStore credentials = new InMemoryCredentialStore()
      .with("example_amazon", "amazon_refresh_token", "Atzr|refresh")
      .with("example_amazon", "amazon_client_secret", "secret");

  @TempDir
  Path root;

  @BeforeEach
  void start() throws IOException {
    amazon = new TestingApiServer();
    amazon.expect("POST", "/auth/o2/token").bodyContains("client_id=amzn1")
        .respondJson("{\"access_token\":\"Atza|access\",\"refresh_token\":\"Atzr|refresh\","
            + "\"token_type\":\"bearer\",\"expires_in\":3600}");
    amazon.expect("GET", "/v2/profiles").header("Authorization", "Bearer Atza|access")
        .respondJson("[{\"profileId\":111,\"countryCode\":\"US\",\"currencyCode\":\"USD\","
            + "\"accountInfo\":{\"type\":\"seller\"}},{\"profileId\":222,\"countryCode\":\"DE\","
            + "\"currencyCode\":\"EUR\",\"accountInfo\":{\"type\":\"vendor\"}}]");
  }

  @AfterEach
  void stop() throws IOException {
    amazon.close();
  }

  private static String status(String id, String status, String url) {
    return "{\"reportId\":\"" + id + "\",\"status\":\"" + status + "\",\"url\":"
        + (url == null ? "null" : "\"" + url + "\"") + ",\"fileSize\":null,\"failureReason\":"
        + (status.equals("FAILURE") ? "\"Internal error\"" : "null") + "}";
  }

  private static final String ROWS_111 = "[{\"campaignId\":1,\"date\":\"2024-01-03\","
      + "\"impressions\":10,\"clicks\":1,\"cost\":0.5},{\"campaignId\":2,\"date\":\"2024-01-03\","
      + "\"impressions\":20,\"clicks\":2,\"cost\":1.5}]";
  private static final String ROWS_222 = "[{\"campaignId\":7,\"date\":\"2024-01-03\","
      + "\"impressions\":5,\"clicks\":0,\"cost\":0}]";

  @Test
  void createsPollsAndLandsTheGzipAsReceived() throws IOException {
    byte[] gzip111 = ExampleScenario.gzip(ROWS_111);
    byte[] gzip222 = ExampleScenario.gzip(ROWS_222);
    String presigned = "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20240104"
        + "&X-Amz-Signature=abc123";
    amazon.expect("POST", "/reporting/reports").header("Amazon-Advertising-API-Scope", "111")
        .header("Content-Type", "application/vnd.createasyncreportrequest.v3+json")
        .bodyContains("\"name\":\"dif sp campaigns 111 2024-01-03\"")
        .respondJson("{\"reportId\":\"r-111\",\"status\":\"PENDING\"}");
    amazon.expect("POST", "/reporting/reports").header("Amazon-Advertising-API-Scope", "222")
        .respond(425, "{\"code\":\"425\",\"detail\":\"The Request is a duplicate of : "
            + EXISTING + "\"}");
    amazon.expect("GET", "/reporting/reports/r-111")
        .respond(new MockResponse().setResponseCode(429).setHeader("Retry-After", "0")
            .setBody("{\"code\":\"429\",\"details\":\"Too Many Requests\"}"));
    amazon.expect("GET", "/reporting/reports/r-111").respondJson(status("r-111", "PENDING", null));
    amazon.expect("GET", "/reporting/reports/r-111")
        .respondJson(status("r-111", "PROCESSING", null));
    amazon.expect("GET", "/reporting/reports/r-111").respondJson(status("r-111", "COMPLETED",
        amazon.url("/offline-report-storage/r-111.json.gz") + presigned));
    amazon.expect("GET", "/reporting/reports/" + EXISTING).header(
        "Amazon-Advertising-API-Scope", "222").respondJson(status(EXISTING, "COMPLETED",
        amazon.url("/offline-report-storage/expired.json.gz") + presigned));
    amazon.expect("GET", "/offline-report-storage/expired.json.gz").noHeader("Authorization")
        .respond(new MockResponse().setResponseCode(403).setBody("<?xml version=\"1.0\"?>"
            + "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"));
    amazon.expect("GET", "/reporting/reports/" + EXISTING).respondJson(status(EXISTING,
        "COMPLETED", amazon.url("/offline-report-storage/r-222.json.gz") + presigned));
    amazon.expect("GET", "/offline-report-storage/r-111.json.gz").noHeader("Authorization")
        .respond(new MockResponse().setHeader("Content-Type", "application/octet-stream")
            .setBody(new Buffer().write(gzip111)));
    amazon.expect("GET", "/offline-report-storage/r-222.json.gz").noHeader("Authorization")
        .respond(new MockResponse().setBody(new Buffer().write(gzip222)));

    ExampleScenario.extract(root, ExampleScenario.load("amazon_ads", amazon, Map.of()),
        credentials, "sp_campaigns_daily", DAY);

    amazon.verify();
    Path run = ExampleScenario.run(root, "example_amazon", "amazon_ads", "sp_campaigns_daily",
        DAY);
    RawManifest manifest = ExampleScenario.manifest(run);
    assertThat(manifest.pages()).hasSize(2).allMatch(p -> p.file().endsWith(".json.gz"))
        .allMatch(p -> !p.url().contains("abc123") && !p.url().contains("AKIA"));
    RawManifest.Page page111 = manifest.pages().stream()
        .filter(p -> p.parent().get("profile_id").equals("111")).findFirst().orElseThrow();
    assertThat(page111.records()).isEqualTo(2);
    assertThat(page111.bytes()).isEqualTo(gzip111.length);
    // landed as received: the very bytes the server sent, not gzip of gzip
    assertThat(Files.readAllBytes(run.resolve(page111.file()))).isEqualTo(gzip111);
    assertThat(ExampleScenario.gunzip(run.resolve(page111.file()))).isEqualTo(ROWS_111);
  }

  private void landsReport222(int polls) {
    amazon.expect("POST", "/reporting/reports").header("Amazon-Advertising-API-Scope", "222")
        .respondJson("{\"reportId\":\"r-222\",\"status\":\"PENDING\"}");
    if (polls > 1) {
      amazon.expect("GET", "/reporting/reports/r-222").times(polls - 1)
          .respondJson(status("r-222", "PENDING", null));
    }
    amazon.expect("GET", "/reporting/reports/r-222").respondJson(status("r-222", "COMPLETED",
        amazon.url("/offline-report-storage/r-222.json.gz").toString()));
  }

  private MockResponse gzipFile(String rows) throws IOException {
    return new MockResponse().setBody(new Buffer().write(ExampleScenario.gzip(rows)));
  }

  @Test
  void aFailedReportIsCreatedAgainWhileTheOtherReportGoesOn() throws IOException {
    amazon.expect("POST", "/reporting/reports").header("Amazon-Advertising-API-Scope", "111")
        .respondJson("{\"reportId\":\"r-111a\",\"status\":\"PENDING\"}");
    amazon.expect("GET", "/reporting/reports/r-111a")
        .respondJson(status("r-111a", "FAILURE", null));
    amazon.expect("POST", "/reporting/reports").header("Amazon-Advertising-API-Scope", "111")
        .respondJson("{\"reportId\":\"r-111b\",\"status\":\"PENDING\"}");
    amazon.expect("GET", "/reporting/reports/r-111b").respondJson(status("r-111b", "COMPLETED",
        amazon.url("/offline-report-storage/r-111b.json.gz").toString()));
    amazon.expect("GET", "/offline-report-storage/r-111b.json.gz").respond(gzipFile(ROWS_111));
    landsReport222(3);
    // the file of r-222 breaks off mid-body; fetched again, its URL has expired meanwhile, so a
    // fresh one is polled for
    amazon.expect("GET", "/offline-report-storage/r-222.json.gz").respond(gzipFile(ROWS_222)
        .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    amazon.expect("GET", "/offline-report-storage/r-222.json.gz")
        .respond(new MockResponse().setResponseCode(403).setBody("<?xml version=\"1.0\"?>"
            + "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"));
    amazon.expect("GET", "/reporting/reports/r-222").respondJson(status("r-222", "COMPLETED",
        amazon.url("/offline-report-storage/r-222-fresh.json.gz").toString()));
    amazon.expect("GET", "/offline-report-storage/r-222-fresh.json.gz")
        .respond(gzipFile(ROWS_222));

    ExtractionResult result = ExampleScenario.extract(root,
        ExampleScenario.load("amazon_ads", amazon, Map.of()), credentials, "sp_campaigns_daily",
        DAY);

    amazon.verify();
    Path run = ExampleScenario.run(root, "example_amazon", "amazon_ads", "sp_campaigns_daily",
        DAY);
    assertThat(ExampleScenario.manifest(run).pages()).extracting(RawManifest.Page::records)
        .containsExactlyInAnyOrder(2L, 1L);
    assertThat(result.records()).isEqualTo(2 + 3); // two profiles, three report rows
    try (var files = Files.list(run)) {
      assertThat(files.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("page-"))).hasSize(2);
    }
  }

  @Test
  void aReportThatFailsEveryTimeFailsTheStreamWithItsReasonOnceTheOthersLanded()
      throws IOException {
    for (String id : new String[] {"r-111a", "r-111b", "r-111c"}) {
      amazon.expect("POST", "/reporting/reports").header("Amazon-Advertising-API-Scope", "111")
          .respondJson("{\"reportId\":\"" + id + "\",\"status\":\"PENDING\"}");
      amazon.expect("GET", "/reporting/reports/" + id).respondJson(status(id, "FAILURE", null));
    }
    landsReport222(1);
    amazon.expect("GET", "/offline-report-storage/r-222.json.gz").respond(gzipFile(ROWS_222));

    assertThatThrownBy(() -> ExampleScenario.extract(root,
        ExampleScenario.load("amazon_ads", amazon, Map.of("concurrency: 2 }", "concurrency: 1 }")),
        credentials, "sp_campaigns_daily", DAY))
        .isInstanceOfSatisfying(RetriableException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.REPORT_FAILED))
        .hasMessageContaining("report r-111c")
        .hasMessageContaining("status FAILURE: Internal error")
        .hasMessageContaining("created 3 times");
    // profile 222's report was downloaded all the same: the next run resumes with it landed
    amazon.verify();
  }
}
