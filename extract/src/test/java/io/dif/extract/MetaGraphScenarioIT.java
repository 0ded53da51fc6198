package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.config.ClientConfig;
import io.dif.core.error.DataException;
import io.dif.core.zone.RawManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/clients/examples/meta_graph.yaml against a Graph API fake shaped as Meta documents it. */
class MetaGraphScenarioIT {
  private static final LocalDate DAY = LocalDate.of(2024, 1, 1);
  private static final String ACCOUNT = "/act_1234567890/campaigns";
  private TestingApiServer meta;
  private final InMemoryCredentialStore credentials =
      new InMemoryCredentialStore().with("example_meta", "meta_access_token", "EAAB-test");

  @TempDir
  Path root;

  @BeforeEach
  void start() throws IOException {
    meta = new TestingApiServer();
  }

  @AfterEach
  void stop() throws IOException {
    meta.close();
  }

  private ClientConfig config() throws IOException {
    return ExampleScenario.load("meta_graph", meta, Map.of("pause: PT60S", "pause: PT0.01S"));
  }

  private static String campaigns(String ids, String after, boolean next) {
    StringBuilder data = new StringBuilder();
    for (String id : ids.split(",")) {
      data.append(data.length() == 0 ? "" : ",").append("{\"id\":\"").append(id)
          .append("\",\"name\":\"Campaign ").append(id).append("\",\"status\":\"ACTIVE\"}");
    }
    return "{\"data\":[" + data + "],\"paging\":{\"cursors\":{\"before\":\"QVFIUb\",\"after\":\""
        + after + "\"}" + (next ? ",\"next\":\"https://graph.facebook.com/v21.0" + ACCOUNT
        + "?limit=100&after=" + after + "\"" : "") + "}}";
  }

  private static String insights(String campaign) {
    return "{\"data\":[{\"campaign_id\":\"" + campaign + "\",\"ad_id\":\"a" + campaign
        + "\",\"date_start\":\"2024-01-01\",\"date_stop\":\"2024-01-01\",\"impressions\":\"120\","
        + "\"clicks\":\"4\",\"spend\":\"1.23\"}],\"paging\":{\"cursors\":{\"before\":\"MAZDZD\","
        + "\"after\":\"MAZDZD\"}}}";
  }

  @Test
  void pagesCampaignsThroughShortPagesAndRetriesThrottleCodeInA400Body() throws IOException {
    meta.expect("GET", "/v21.0" + ACCOUNT).noQuery("after")
        .header("Authorization", "Bearer EAAB-test").respondJson(campaigns("11,12", "c1", true));
    // a short page mid-stream: paging.next is still there, so paging goes on
    meta.expect("GET", "/v21.0" + ACCOUNT).query("after", "c1")
        .respondJson(campaigns("13", "c2", true));
    // last page: cursors present, paging.next absent
    meta.expect("GET", "/v21.0" + ACCOUNT).query("after", "c2")
        .respondJson(campaigns("14", "c3", false));
    // an app-level limit (#17): the ads account's use case is not throttled (0 minutes), so the
    // configured pause applies
    meta.expect("GET", "/v21.0/11/insights").query("time_range[since]", "2024-01-01")
        .respond(new MockResponse().setResponseCode(400)
            .setHeader("Content-Type", "application/json")
            .setHeader("x-business-use-case-usage", "{\"1234567890\":[{\"type\":\"ads_insights\","
                + "\"call_count\":12,\"total_cputime\":9,\"total_time\":11,"
                + "\"estimated_time_to_regain_access\":0}]}")
            .setBody("{\"error\":{\"message\":\"(#17) User request limit reached\","
                + "\"type\":\"OAuthException\",\"is_transient\":true,\"code\":17,"
                + "\"error_subcode\":2446079,\"fbtrace_id\":\"AbCdEf\"}}"));
    for (String campaign : new String[] {"11", "12", "13", "14"}) {
      meta.expect("GET", "/v21.0/" + campaign + "/insights").query("level", "ad")
          .query("time_range[until]", "2024-01-01").respondJson(insights(campaign));
    }

    ExtractionResult result = ExampleScenario.extract(root, config(), credentials, "insights",
        DAY);

    meta.verify();
    RawManifest campaigns = ExampleScenario.manifest(ExampleScenario.run(root, "example_meta",
        "meta", "campaigns", LocalDate.of(2024, 2, 1)));
    assertThat(campaigns.pages()).extracting(RawManifest.Page::records).containsExactly(2L, 1L,
        1L);
    Path insightsRun = ExampleScenario.run(root, "example_meta", "meta", "insights", DAY);
    RawManifest insights = ExampleScenario.manifest(insightsRun);
    assertThat(insights.pages()).hasSize(4).allMatch(p -> p.status() == 200);
    assertThat(insights.pages()).extracting(p -> p.parent().get("campaign_id"))
        .containsExactlyInAnyOrder("11", "12", "13", "14");
    assertThat(ExampleScenario.gunzip(insightsRun.resolve("page-00000.json.gz")))
        .contains("\"spend\":\"1.23\"");
    assertThat(result.records()).isEqualTo(4 + 4);
  }

  @Test
  void anErrorCodeThatIsNoThrottleFailsAtOnceWithTheBodysMessage() throws IOException {
    meta.expect("GET", "/v21.0" + ACCOUNT).respond(400, "{\"error\":{\"message\":"
        + "\"(#100) Tried accessing nonexisting field (budget)\",\"type\":\"OAuthException\","
        + "\"code\":100,\"fbtrace_id\":\"AbCdEf\"}}");

    assertThatThrownBy(() -> ExampleScenario.extract(root, config(), credentials, "campaigns",
        null))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("example_meta.meta.campaigns")
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("(#100) Tried accessing nonexisting field");
    meta.verify();
  }

  @Test
  void anEmptyPageThatStillLinksToTheNextDoesNotEndTheStream() throws IOException {
    // Graph API may answer data: [] with paging.next (filtered or deleted objects): paging goes
    // on, since until_missing: /paging/next tells the end, not the empty page.
    meta.expect("GET", "/v21.0" + ACCOUNT).noQuery("after")
        .respondJson(campaigns("11", "c1", true));
    meta.expect("GET", "/v21.0" + ACCOUNT).query("after", "c1")
        .respondJson("{\"data\":[],\"paging\":{\"cursors\":{\"before\":\"QVFIUb\",\"after\":"
            + "\"c2\"},\"next\":\"https://graph.facebook.com/v21.0" + ACCOUNT
            + "?limit=100&after=c2\"}}");
    meta.expect("GET", "/v21.0" + ACCOUNT).query("after", "c2")
        .respondJson(campaigns("12,13", "c3", false));

    ExtractionResult result = ExampleScenario.extract(root, config(), credentials, "campaigns",
        null);

    meta.verify();
    RawManifest campaigns = ExampleScenario.manifest(ExampleScenario.run(root, "example_meta",
        "meta", "campaigns", LocalDate.of(2024, 2, 1)));
    assertThat(campaigns.pages()).extracting(RawManifest.Page::records).containsExactly(1L, 0L,
        2L);
    assertThat(result.records()).isEqualTo(3);
  }

  @Test
  void aRepeatedCursorFailsTheStream() throws IOException {
    meta.expect("GET", "/v21.0" + ACCOUNT).noQuery("after")
        .respondJson(campaigns("11", "c1", true));
    meta.expect("GET", "/v21.0" + ACCOUNT).query("after", "c1")
        .respondJson(campaigns("12", "c1", true));

    assertThatThrownBy(() -> ExampleScenario.extract(root, config(), credentials, "campaigns",
        null)).hasMessageContaining("cursor repeated after page 2");
    meta.verify();
  }
}
