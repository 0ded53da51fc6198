package io.dif.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformJobTest {
  private static final LocalDate DAY = LocalDate.parse("2024-01-01");
  private static final String CONFIG = """
      version: 1
      client: acme
      sources:
        meta:
          base_url: https://graph.facebook.com/v21.0
          streams:
            campaigns:
              request: { path: /act_1000000000001/campaigns }
            insights:
              request: { path: /act_1000000000001/insights }
      datasets:
        campaigns:
          from: meta.campaigns
          columns:
            - { name: campaign_id, type: string, source: id, required: true }
            - { name: name, type: string }
            - { name: daily_budget, type: "decimal(18,2)" }
          key: [campaign_id]
          destination: { table: marketing.campaigns }
        ad_insights_daily:
          from: meta.insights
          columns:
            - { name: ad_id, type: string, required: true }
            - { name: impressions, type: long }
          key: [ad_id]
          destination: { table: marketing.ad_insights_daily }
      """;

  private final SparkSession spark = TestingSpark.session();
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

  @TempDir
  Path root;
  private ZoneLayout zones;

  @BeforeEach
  void setUp() throws IOException {
    zones = new ZoneLayout(root.resolve("zones").toString());
    Files.writeString(root.resolve("acme.yaml"), CONFIG);
  }

  @Test
  void backfillTransformsEveryDatasetOfTheClientAndPrintsOneLineEach() throws IOException {
    land("campaigns", "{\"data\":[{\"id\":\"1200000000001\",\"name\":\"Spring sale\","
        + "\"daily_budget\":\"2500.00\"}],\"paging\":{\"cursors\":{\"after\":\"MQZDZD\"}}}", 1);
    land("insights", "{\"data\":[{\"ad_id\":\"1300000000001\",\"impressions\":\"1234\"},"
        + "{\"ad_id\":\"1300000000002\",\"impressions\":\"n/a\"}]}", 2);

    StageJob.Outcome outcome = run("--JOB_ID", "j_1", "--client", "acme", "--reprocess", "true",
        "--job-bookmark-option", "job-bookmark-disable");

    assertThat(outcome.code()).as(errors.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(output.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "transformed acme.campaigns: read 1 rows from 1 pages of 1 runs; curated 1 in 1"
            + " partitions (2024-01-01..2024-01-01), quarantined 0, removed 0 duplicates",
        "transformed acme.ad_insights_daily: read 2 rows from 1 pages of 1 runs; curated 1 in 1"
            + " partitions (2024-01-01..2024-01-01), quarantined 1, removed 0 duplicates");
    Row campaign = spark.read().table(io.dif.core.zone.TableCatalog.local(zones)
        .sparkCatalogName() + ".curated.acme.campaigns").first();
    assertThat(campaign.getString(0)).isEqualTo("1200000000001");
    assertThat(campaign.getDecimal(2)).isEqualTo(new BigDecimal("2500.00"));
  }

  @Test
  void byDefaultTransformsOnlyDocumentsNotProcessedYet() throws IOException {
    // landed without the extractor's journal: no document is LANDED in the control store
    land("campaigns", "{\"data\":[{\"id\":\"1200000000001\"}]}", 1);

    StageJob.Outcome outcome = run("--client", "acme");

    assertThat(outcome.code()).isZero();
    assertThat(output.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("transform acme: nothing new to transform");
  }

  @Test
  void transformsOnlyTheDatasetAsked() throws IOException {
    land("campaigns", "{\"data\":[{\"id\":\"1200000000001\"}]}", 1);

    StageJob.Outcome outcome = run("--client", "acme", "--reprocess", "true",
        "--dataset", "campaigns");

    assertThat(outcome.code()).isZero();
    assertThat(output.toString(StandardCharsets.UTF_8).lines()).singleElement()
        .asString().startsWith("transformed acme.campaigns:");
  }

  @Test
  void triesEveryDatasetThenExitsWithTheRejectionCode() throws IOException {
    land("campaigns", "{\"data\":[{\"id\":\"1200000000001\"}]}", 5);
    land("insights", "{\"data\":[{\"ad_id\":\"1300000000001\"}]}", 1);

    StageJob.Outcome outcome = run("--client", "acme", "--reprocess", "true");

    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.description()).contains("transform of dataset acme.campaigns:",
        "acme.campaigns: page holds 1 records but its manifest lists 5");
    assertThat(output.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
        .startsWith("transformed acme.ad_insights_daily: read 1");
    assertThatThrownBy(() -> outcome.exit(true))
        .hasMessageStartingWith("DIF_EXIT_CODE=2: transform: 1 part(s) of the run failed");
  }

  @Test
  void rejectsAConfigOfAnotherClient() throws IOException {
    Files.writeString(root.resolve("globex.yaml"), CONFIG);

    StageJob.Outcome outcome = run("--client", "globex");

    assertThat(outcome.code()).isEqualTo(1);
    assertThat(errors.toString(StandardCharsets.UTF_8)).isEqualTo("transform: Cannot use the"
        + " config of client globex in " + root + ": the file says client: acme (a client's"
        + " file is named after it)" + System.lineSeparator());
  }

  private StageJob.Outcome run(String... arguments) {
    List<String> args = new java.util.ArrayList<>(List.of(arguments));
    args.addAll(List.of("--conf-dir", root.toString(), "--zones-root", zones.root(),
        "--data-dir", root.resolve("data").toString()));
    return StageJob.run("transform", TransformJob::transform, Map.of(),
        args.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8));
  }

  /** Lands a committed run of one gzipped page, its manifest listing {@code records}. */
  private void land(String stream, String body, long records) throws IOException {
    String runId = "20240102T060000Z-0001";
    Path run = Path.of(zones.rawRun("acme", "meta", stream, DAY, runId));
    Files.createDirectories(run);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (GZIPOutputStream gzip = new GZIPOutputStream(
        Files.newOutputStream(run.resolve("page-00000.json.gz")))) {
      gzip.write(bytes);
    }
    Instant started = Instant.parse("2024-01-02T06:00:00Z");
    RawManifest manifest = new RawManifest("acme", "meta", stream, DAY, runId, DAY, DAY, 1,
        started, started.plusSeconds(5), List.of(new RawManifest.Page("page-00000.json.gz",
            "GET", "https://graph.facebook.com/v21.0/act_1000000000001/" + stream, Map.of(),
            200, "application/json", "gzip", bytes.length,
            Files.size(run.resolve("page-00000.json.gz")), "0".repeat(64), records)));
    Files.write(run.resolve(ZoneLayout.MANIFEST), manifest.toJson());
  }
}
