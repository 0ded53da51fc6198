package io.dif.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DataException;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.transform.TransformResult;
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

  @TempDir
  Path root;
  private ZoneLayout zones;
  private Path config;

  @BeforeEach
  void setUp() throws IOException {
    zones = new ZoneLayout(root.resolve("zones").toString());
    config = root.resolve("acme.yaml");
    Files.writeString(config, CONFIG);
  }

  @Test
  void transformsEveryDatasetOfTheClientAndPrintsOneLineEach() throws IOException {
    land("campaigns", "{\"data\":[{\"id\":\"1200000000001\",\"name\":\"Spring sale\","
        + "\"daily_budget\":\"2500.00\"}],\"paging\":{\"cursors\":{\"after\":\"MQZDZD\"}}}", 1);
    land("insights", "{\"data\":[{\"ad_id\":\"1300000000001\",\"impressions\":\"1234\"},"
        + "{\"ad_id\":\"1300000000002\",\"impressions\":\"n/a\"}]}", 2);

    List<TransformResult> results = TransformJob.run(GlueArguments.parse(
        "--JOB_ID", "j_1", "--client", "acme", "--config", "file:" + config,
        "--zones-root", zones.root(), "--job-bookmark-option", "job-bookmark-disable"),
        spark, new PrintStream(output, true, StandardCharsets.UTF_8));

    assertThat(results).extracting(TransformResult::dataset)
        .containsExactly("campaigns", "ad_insights_daily");
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
  void transformsOnlyTheDatasetAsked() throws IOException {
    land("campaigns", "{\"data\":[{\"id\":\"1200000000001\"}]}", 1);

    List<TransformResult> results = TransformJob.run(GlueArguments.parse("--client", "acme",
        "--config", config.toString(), "--zones-root", zones.root(), "--dataset", "campaigns"),
        spark, new PrintStream(output, true, StandardCharsets.UTF_8));

    assertThat(results).extracting(TransformResult::dataset).containsExactly("campaigns");
  }

  @Test
  void triesEveryDatasetThenFailsWithTheFirstFailure() throws IOException {
    land("campaigns", "{\"data\":[{\"id\":\"1200000000001\"}]}", 5);
    land("insights", "{\"data\":[{\"ad_id\":\"1300000000001\"}]}", 1);

    assertThatThrownBy(() -> TransformJob.run(GlueArguments.parse("--client", "acme",
        "--config", config.toString(), "--zones-root", zones.root()), spark,
        new PrintStream(output, true, StandardCharsets.UTF_8)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("acme.campaigns: page holds 1 records but its manifest lists 5");
    assertThat(output.toString(StandardCharsets.UTF_8).lines())
        .satisfiesExactly(
            line -> assertThat(line).startsWith("FAILED acme.campaigns: Cannot transform"),
            line -> assertThat(line).startsWith("transformed acme.ad_insights_daily: read 1"));
  }

  @Test
  void rejectsAConfigOfAnotherClient() {
    assertThatThrownBy(() -> TransformJob.run(GlueArguments.parse("--client", "globex",
        "--config", config.toString(), "--zones-root", zones.root()), spark,
        new PrintStream(output, true, StandardCharsets.UTF_8)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Cannot start the transform job: --client globex is not the client of the"
            + " config " + config + ": acme");
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
