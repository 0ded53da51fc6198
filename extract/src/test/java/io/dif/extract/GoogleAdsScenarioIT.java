package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.zone.RawManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/clients/examples/google_ads.yaml: OAuth2 refresh, listAccessibleCustomers, then a POST
 * search per customer with the GAQL query and the pageToken in the body.
 */
class GoogleAdsScenarioIT {
  private static final LocalDate DAY = LocalDate.of(2024, 1, 2);
  private TestingApiServer google;
  private final InMemoryCredentialStore credentials = new InMemoryCredentialStore()
      .with("example_google", "google_refresh_token", "1//refresh")
      .with("example_google", "google_client_secret", "client-secret")
      .with("example_google", "google_developer_token", "dev-token");

  @TempDir
  Path root;

  @BeforeEach
  void start() throws IOException {
    google = new TestingApiServer();
  }

  @AfterEach
  void stop() throws IOException {
    google.close();
  }

  private static String results(int from, int count, String next) {
    StringBuilder rows = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      rows.append(rows.length() == 0 ? "" : ",").append("{\"campaign\":{\"resourceName\":"
          + "\"customers/111/campaigns/").append(i).append("\",\"id\":\"").append(i)
          .append("\"},\"segments\":{\"date\":\"2024-01-02\"},\"metrics\":{\"clicks\":\"3\","
              + "\"impressions\":\"40\",\"costMicros\":\"1250000\"}}");
    }
    return "{\"results\":[" + rows + "]," + (next == null ? "" : "\"nextPageToken\":\"" + next
        + "\",") + "\"fieldMask\":\"campaign.id,segments.date,metrics.clicks\"}";
  }

  @Test
  void searchesEachCustomerWithThePageTokenInThePostBody() throws IOException {
    google.expect("POST", "/token").bodyContains("grant_type=refresh_token")
        .bodyContains("refresh_token=1%2F%2Frefresh").bodyContains("client_secret=client-secret")
        .respondJson("{\"access_token\":\"ya29.a0\",\"expires_in\":3599,"
            + "\"token_type\":\"Bearer\"}");
    google.expect("GET", "/v18/customers:listAccessibleCustomers")
        .header("Authorization", "Bearer ya29.a0").header("developer-token", "dev-token")
        .respondJson("{\"resourceNames\":[\"customers/111\",\"customers/222\"]}");
    google.expect("POST", "/v18/customers/111/googleAds:search").bodyLacks("pageToken")
        .bodyContains("BETWEEN '2024-01-02' AND '2024-01-02'")
        .header("login-customer-id", "1234567890")
        .respondJson(results(1, 3, "CMp0"));
    // a short page mid-stream does not end the chain while nextPageToken is there
    google.expect("POST", "/v18/customers/111/googleAds:search")
        .bodyContains("\"pageToken\":\"CMp0\"").respondJson(results(4, 1, "CMp1"));
    google.expect("POST", "/v18/customers/111/googleAds:search")
        .bodyContains("\"pageToken\":\"CMp1\"").respondJson(results(5, 2, null));
    google.expect("POST", "/v18/customers/222/googleAds:search").bodyLacks("pageToken")
        .respondJson("{\"fieldMask\":\"campaign.id\",\"results\":[]}");

    ExtractionResult result = ExampleScenario.extract(root,
        ExampleScenario.load("google_ads", google, Map.of()), credentials, "campaign_stats",
        DAY);

    google.verify();
    RawManifest stats = ExampleScenario.manifest(ExampleScenario.run(root, "example_google",
        "google_ads", "campaign_stats", DAY));
    assertThat(stats.pages()).extracting(RawManifest.Page::records)
        .containsExactlyInAnyOrder(3L, 1L, 2L, 0L);
    assertThat(stats.pages()).allMatch(p -> p.method().equals("POST"));
    assertThat(result.runs()).hasSize(2);
  }
}
