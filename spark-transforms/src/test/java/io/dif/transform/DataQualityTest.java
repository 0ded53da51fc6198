package io.dif.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.error.DataException;
import io.dif.core.zone.ZoneLayout;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nested real-world shapes (Meta insights with {@code actions} lists, Google Ads results with
 * nested objects) against golden curated output, value rules, null tokens, schema drift, the
 * quality report and the bad-fraction threshold.
 */
class DataQualityTest {
  private static final LocalDate JAN_1 = LocalDate.parse("2024-01-01");
  private static final String RUN = "20240102T060000Z-0001";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String META = """
      version: 1
      client: acme
      sources:
        meta:
          base_url: https://graph.facebook.com/v21.0
          streams:
            insights:
              request: { path: /act_1000000000001/insights, query: { level: ad } }
              records: /data
      datasets:
        ad_actions_daily:
          from: meta.insights
          null_tokens: ["--", "N/A"]
          max_bad_fraction: %s
          columns:
            - { name: campaign_id, type: string, required: true, pattern: "[0-9]+" }
            - { name: ad_id, type: string, required: true }
            - { name: day, type: date, source: date_start, required: true }
            - { name: spend, type: "decimal(18,4)", min: 0 }
            - { name: purchases, type: long, source: "actions[action_type=purchase].value" }
            - { name: link_clicks, type: int, source: "actions[action_type=link_click].value" }
            - { name: purchase_value, type: "decimal(18,2)",
                source: "action_values[action_type=purchase].value" }
            - { name: created, type: timestamp, source: created_time,
                format: "dd/MM/yyyy HH:mm", time_zone: Europe/Paris }
          key: [ad_id, day]
          destination: { table: marketing.ad_actions_daily, mode: merge }
      """;

  private static final String META_PAGE = """
      {"data": [
        {"account_id": "1000000000001", "campaign_id": "120200000000001",
         "ad_id": "120210000000001", "date_start": "2024-01-01", "date_stop": "2024-01-01",
         "spend": "78.9100", "objective": "OUTCOME_SALES", "created_time": "01/01/2024 09:30",
         "actions": [{"action_type": "link_click", "value": "31"},
                     {"action_type": "purchase", "value": "2"},
                     {"action_type": "offsite_conversion.fb_pixel_purchase", "value": "2"}],
         "action_values": [{"action_type": "purchase", "value": "59.90"}]},
        {"account_id": "1000000000001", "campaign_id": "120200000000001",
         "ad_id": "120210000000002", "date_start": "2024-01-01", "date_stop": "2024-01-01",
         "spend": "--", "created_time": "01/07/2024 09:30",
         "actions": [{"action_type": "link_click", "value": "7"}]},
        {"account_id": "1000000000001", "campaign_id": "N/A",
         "ad_id": "120210000000003", "date_start": "2024-01-01", "date_stop": "2024-01-01",
         "spend": "-1.50", "created_time": "2024-01-01T09:30:00"},
        {"account_id": "1000000000001", "campaign_id": "cmp-7",
         "ad_id": "120210000000004", "date_start": "2024-01-01", "date_stop": "2024-01-01",
         "spend": "1.00"}],
       "paging": {"cursors": {"before": "MAZDZD", "after": "MjQZD"}}}
      """;

  private final SparkSession spark = TestingSpark.session();

  @TempDir
  Path root;
  private ZoneLayout zones;

  @BeforeEach
  void setUp() {
    zones = new ZoneLayout(root.toString());
  }

  @Test
  void metaActionsAreReadByKeyAndCuratedAsTheGoldenFileSays() throws IOException {
    landMeta();

    TransformResult result = new DatasetTransform(spark, zones).transform(meta("1"),
        "ad_actions_daily", Optional.empty(), Optional.empty());

    assertThat(render(zones.curated("acme", "ad_actions_daily")))
        .isEqualTo(golden("meta_actions_curated.csv"));
    assertThat(result.rowsRead()).isEqualTo(4);
    assertThat(result.rowsCurated() + result.rowsQuarantined() + result.duplicatesRemoved())
        .isEqualTo(result.rowsRead());
    assertThat(result.quality().reasons()).isEqualTo(Map.of(
        "column campaign_id: required value is missing", 1L,
        "column spend: -1.50 is below the minimum 0", 1L,
        "column created: cannot convert \"…\" to timestamp with format \"…\"", 1L,
        "column campaign_id: \"…\" does not match [0-9]+", 1L));
    assertThat(result.quality().unknownFields())
        .containsExactly("account_id", "date_stop", "objective");
    assertThat(result.quality().badFraction()).isEqualTo(0.5);
    assertThat(result.qualitySummary())
        .contains("bad rows: 50.00% of 4 read")
        .contains("source fields not in the config: account_id, date_stop, objective");

    JsonNode report = JSON.readTree(Path.of(result.quality().location().orElseThrow())
        .toFile());
    assertThat(report.get("published").asBoolean()).isTrue();
    assertThat(report.get("rows_read").asLong()).isEqualTo(4);
    assertThat(report.get("rows_curated").asLong()).isEqualTo(2);
    assertThat(report.get("rows_quarantined").asLong()).isEqualTo(2);
    assertThat(report.get("unknown_fields").toString())
        .isEqualTo("[\"account_id\",\"date_stop\",\"objective\"]");
    assertThat(result.quality().location().orElseThrow())
        .isEqualTo(zones.curated("acme", "ad_actions_daily") + "/_quality/run=" + RUN + ".json");
  }

  @Test
  void tooManyBadRowsFailTheRunAndPublishNothing() throws IOException {
    landMeta();

    assertThatThrownBy(() -> new DatasetTransform(spark, zones).transform(meta("0.25"),
        "ad_actions_daily", Optional.empty(), Optional.empty()))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith("Cannot transform dataset acme.ad_actions_daily: 2 of 4 rows"
            + " (50.00%) are bad, more than max_bad_fraction 0.25; nothing published, see ");

    Path curated = Path.of(zones.curated("acme", "ad_actions_daily"));
    // nothing published: the table has no rows (the run's branch is dropped)
    assertThat(TestingTables.read(spark, curated.toString()).count()).isZero();
    assertThat(Path.of(zones.quarantine("acme", "ad_actions_daily"))).doesNotExist();
    JsonNode report = JSON.readTree(curated.resolve("_quality/run=" + RUN + ".json").toFile());
    assertThat(report.get("published").asBoolean()).isFalse();
    assertThat(report.get("failure").asText()).startsWith("2 of 4 rows");
  }

  @Test
  void googleAdsNestedResultsAreCuratedAsTheGoldenFileSays() throws IOException {
    ClientConfig client = new ClientConfigLoader().parse("acme.yaml", """
        version: 1
        client: acme
        sources:
          google_ads:
            base_url: https://googleads.googleapis.com/v17
            streams:
              campaigns:
                request: { path: /customers/1234567890/googleAds:search, method: post }
                records: /results
        datasets:
          campaign_daily:
            from: google_ads.campaigns
            columns:
              - { name: customer_id, type: string, source: customer.id, required: true }
              - { name: campaign_id, type: long, source: campaign.id, required: true }
              - { name: campaign_name, type: string, source: campaign.name }
              - { name: day, type: date, source: segments.date, required: true }
              - { name: clicks, type: long, source: metrics.clicks }
              - { name: impressions, type: long, source: metrics.impressions }
              - { name: cost_micros, type: long, source: metrics.costMicros }
              - { name: status, type: string, source: campaign.status,
                  allowed: [ENABLED, PAUSED, REMOVED] }
            key: [campaign_id, day]
            destination: { table: marketing.campaign_daily, mode: merge }
        """);
    new TestingRawZone(zones, "acme", "google_ads", "campaigns").run(JAN_1, RUN)
        .page("""
            {"results": [
              {"customer": {"resourceName": "customers/1234567890", "id": "1234567890"},
               "campaign": {"resourceName": "customers/1234567890/campaigns/20000000001",
                            "id": "20000000001", "name": "Brand - FR", "status": "ENABLED"},
               "metrics": {"clicks": "12", "impressions": "340", "costMicros": "1234567"},
               "segments": {"date": "2024-01-01"}},
              {"customer": {"resourceName": "customers/1234567890", "id": "1234567890"},
               "campaign": {"resourceName": "customers/1234567890/campaigns/20000000002",
                            "id": "20000000002", "name": "Generic - FR", "status": "PAUSED"},
               "metrics": {"clicks": "0", "impressions": "57", "costMicros": "0"},
               "segments": {"date": "2024-01-01"}},
              {"customer": {"resourceName": "customers/1234567890", "id": "1234567890"},
               "campaign": {"resourceName": "customers/1234567890/campaigns/20000000003",
                            "id": "20000000003", "name": "Old", "status": "UNKNOWN"},
               "metrics": {"clicks": "1", "impressions": "2", "costMicros": "3"},
               "segments": {"date": "2024-01-01"}}],
             "fieldMask": "customer.id,campaign.id,campaign.name,campaign.status,metrics.clicks,\
            metrics.impressions,metrics.costMicros,segments.date",
             "requestId": "Xk2mP9rT"}
            """, 3)
        .commit();

    TransformResult result = new DatasetTransform(spark, zones).transform(client,
        "campaign_daily", Optional.empty(), Optional.empty());

    assertThat(render(zones.curated("acme", "campaign_daily")))
        .isEqualTo(golden("google_ads_curated.csv"));
    assertThat(result.quality().reasons()).isEqualTo(Map.of(
        "column status: \"…\" is not one of ENABLED, PAUSED, REMOVED", 1L));
    assertThat(result.quality().unknownFields()).isEmpty();
  }

  private void landMeta() {
    new TestingRawZone(zones, "acme", "meta", "insights").run(JAN_1, RUN)
        .page(META_PAGE)
        .commit();
  }

  private static ClientConfig meta(String maxBadFraction) {
    return new ClientConfigLoader().parse("acme.yaml", META.formatted(maxBadFraction));
  }

  /** Curated rows as CSV: header, rows sorted; null empty, timestamps as UTC instants. */
  private String render(String location) {
    Dataset<Row> curated = TestingTables.read(spark, location);
    List<String> lines = new ArrayList<>();
    for (Row row : curated.collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        Object value = row.get(i);
        values.add(value == null ? ""
            : value instanceof Timestamp timestamp ? timestamp.toInstant().toString()
            : value instanceof BigDecimal decimal ? decimal.toPlainString()
            : value.toString());
      }
      lines.add(String.join(",", values));
    }
    lines.sort(null);
    return String.join(",", curated.columns()) + "\n" + String.join("\n", lines) + "\n";
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = DataQualityTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
