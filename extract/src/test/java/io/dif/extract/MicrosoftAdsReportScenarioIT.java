package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.zone.RawManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/clients/examples/microsoft_ads.yaml: Reporting API v13 submit, poll, download of a zip
 * that holds one CSV with report header lines and a copyright footer, landed as received.
 */
class MicrosoftAdsReportScenarioIT {
  private static final String CSV = """
      "Report Name: dif campaign performance"
      "Report Time: 1/4/2024"
      "Time Zone: (GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London"
      "Last Completed Available Day: 1/4/2024 10:05:00 AM (GMT)"
      "Last Completed Available Hour: 1/4/2024 10:05:00 AM (GMT)"
      "Report Aggregation: Daily"
      "Report Filter: "
      "Potential Incomplete Data: false"
      "Rows: 2"

      "TimePeriod","AccountId","CampaignId","CampaignName","Impressions","Clicks","Spend"
      "2024-01-03","987654321","5001","Brand","1200","31","12.40"
      "2024-01-03","987654321","5002","Generic","800","9","4.05"

      "©2024 Microsoft Corporation. All rights reserved. "
      """;
  private static final LocalDate DAY = LocalDate.of(2024, 1, 3);
  private TestingApiServer microsoft;
  private final InMemoryCredentialStore credentials = new InMemoryCredentialStore()
      .with("example_microsoft", "microsoft_refresh_token", "M.R3_BAY.refresh")
      .with("example_microsoft", "microsoft_developer_token", "BBD37VB98");

  @TempDir
  Path root;

  @BeforeEach
  void start() throws IOException {
    microsoft = new TestingApiServer();
  }

  @AfterEach
  void stop() throws IOException {
    microsoft.close();
  }

  private static byte[] zip(String name, String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry(name));
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return bytes.toByteArray();
  }

  @Test
  void submitsPollsAndLandsTheZipAsReceived() throws IOException {
    byte[] zip = zip("30000000000123456.csv", CSV);
    String base = "/Reporting/v13/GenerateReport";
    microsoft.expect("POST", "/common/oauth2/v2.0/token")
        .bodyContains("grant_type=refresh_token").bodyContains("offline_access")
        .respondJson("{\"token_type\":\"Bearer\",\"scope\":\"https://ads.microsoft.com/msads."
            + "manage\",\"expires_in\":3600,\"access_token\":\"EwBwA8l6\",\"refresh_token\":"
            + "\"M.R3_BAY.rotated\"}");
    microsoft.expect("POST", base + "/Submit").header("DeveloperToken", "BBD37VB98")
        .header("Authorization", "Bearer EwBwA8l6").header("CustomerAccountId", "987654321")
        .bodyContains("\"Type\":\"CampaignPerformanceReportRequest\"")
        // the day window as the custom date range's numbers
        .bodyContains("\"CustomDateRangeStart\":{\"Day\":3,\"Month\":1,\"Year\":2024}")
        .bodyContains("\"CustomDateRangeEnd\":{\"Day\":3,\"Month\":1,\"Year\":2024}")
        .respondJson("{\"ReportRequestId\":\"30000000000123456\"}");
    microsoft.expect("POST", base + "/Poll")
        .bodyContains("{\"ReportRequestId\":\"30000000000123456\"}")
        .respondJson("{\"ReportRequestStatus\":{\"ReportDownloadUrl\":null,\"Status\":\"Pending\"}}");
    microsoft.expect("POST", base + "/Poll")
        .respondJson("{\"ReportRequestStatus\":{\"ReportDownloadUrl\":\""
            + microsoft.url("/ReportDownloads/30000000000123456.zip?sv=2019-07-07&sig=SECRET")
            + "\",\"Status\":\"Success\"}}");
    microsoft.expect("GET", "/ReportDownloads/30000000000123456.zip").noHeader("Authorization")
        .noHeader("DeveloperToken").respond(new MockResponse()
            .setHeader("Content-Type", "application/x-zip-compressed")
            .setBody(new Buffer().write(zip)));

    ExampleScenario.extract(root, ExampleScenario.load("microsoft_ads", microsoft, Map.of()),
        credentials, null, DAY);

    microsoft.verify();
    // the rotated refresh token was stored back
    assertThat(credentials.writes()).containsExactly("example_microsoft.microsoft_refresh_token");
    assertThat(credentials.get("example_microsoft", "microsoft_refresh_token").reveal())
        .isEqualTo("M.R3_BAY.rotated");
    Path run = ExampleScenario.run(root, "example_microsoft", "microsoft_ads",
        "campaign_performance", DAY);
    RawManifest manifest = ExampleScenario.manifest(run);
    assertThat(manifest.pages()).singleElement().satisfies(page -> {
      assertThat(page.file()).isEqualTo("page-00000.zip");
      assertThat(page.compression()).isEqualTo("zip");
      assertThat(page.url()).doesNotContain("SECRET");
    });
    assertThat(Files.readAllBytes(run.resolve("page-00000.zip"))).isEqualTo(zip);
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(
        run.resolve("page-00000.zip")))) {
      assertThat(in.getNextEntry().getName()).isEqualTo("30000000000123456.csv");
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("\"Rows: 2\"").endsWith("All rights reserved. \"\n");
    }
  }

  @Test
  void aReportWithoutDataLandsItsDayAsACommittedRunWithoutPages() throws IOException {
    String base = "/Reporting/v13/GenerateReport";
    microsoft.expect("POST", "/common/oauth2/v2.0/token")
        .respondJson("{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":"
            + "\"EwBwA8l6\",\"refresh_token\":\"M.R3_BAY.refresh\"}");
    microsoft.expect("POST", base + "/Submit")
        .bodyContains("\"CustomDateRangeStart\":{\"Day\":3,\"Month\":1,\"Year\":2024}")
        .respondJson("{\"ReportRequestId\":\"30000000000123457\"}");
    // documented: "Even when the Status is set to Success, this element can be nil if no data
    // is available for the submitted report parameters"
    microsoft.expect("POST", base + "/Poll")
        .respondJson("{\"ReportRequestStatus\":{\"ReportDownloadUrl\":null,"
            + "\"Status\":\"Success\"}}");

    ExtractionResult result = ExampleScenario.extract(root,
        ExampleScenario.load("microsoft_ads", microsoft, Map.of()), credentials, null, DAY);

    microsoft.verify();
    assertThat(result.failures()).isEmpty();
    assertThat(result.runs()).singleElement().satisfies(run -> {
      assertThat(run.dt()).isEqualTo(DAY);
      assertThat(run.pages()).isZero();
    });
    RawManifest manifest = ExampleScenario.manifest(ExampleScenario.run(root,
        "example_microsoft", "microsoft_ads", "campaign_performance", DAY));
    assertThat(manifest.pages()).isEmpty();
    assertThat(manifest.windowStart()).isEqualTo(DAY);
  }
}
