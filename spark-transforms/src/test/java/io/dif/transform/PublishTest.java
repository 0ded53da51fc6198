package io.dif.transform;

import static io.dif.transform.TestingRawZone.insight;
import static io.dif.transform.TestingRawZone.metaInsightsPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.error.DataException;
import io.dif.core.zone.ZoneLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Curated dates are published atomically, as one Iceberg commit after the run's checks: a run
 * that fails after writing and before publishing leaves the table's snapshot as it was, readers
 * never see the staged data (a branch of its own), and the next run replaces the date. Also the CSV copy and the row-count-change rule.
 */
class PublishTest {
  private static final String CONFIG = """
      version: 1
      client: acme
      sources:
        meta:
          base_url: https://graph.facebook.com/v21.0
          streams:
            insights:
              request: { path: /act_1000000000001/insights }
              records: /data
      datasets:
        ad_insights_daily:
          from: meta.insights
          csv_copy: %s
          %s
          columns:
            - { name: ad_id, type: string, required: true }
            - { name: day, type: date, source: date_start, required: true }
            - { name: impressions, type: long }
            - { name: currency, type: string, source: account_currency, text_case: lower }
          key: [ad_id, day]
          destination: { table: marketing.ad_insights_daily, mode: merge }
      """;
  private static final LocalDate JAN_1 = LocalDate.parse("2024-01-01");

  private final SparkSession spark = TestingSpark.session();

  @TempDir
  Path root;
  private ZoneLayout zones;
  private TestingRawZone raw;

  @BeforeEach
  void setUp() {
    zones = new ZoneLayout(root.toString());
    raw = new TestingRawZone(zones, "acme", "meta", "insights");
  }

  private static ClientConfig config(boolean csv, String rule) {
    return new ClientConfigLoader().parse("acme.yaml", CONFIG.formatted(csv, rule));
  }

  private void land(String runId, int rows, String impressions) {
    List<Map<String, String>> records = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      records.add(insight("1", "13000000" + i, "2024-01-01", impressions, "1", "1"));
    }
    raw.run(JAN_1, runId).page(metaInsightsPage(records, false)).commit();
  }

  @Test
  void aRunThatFailsBeforeTheSwapLeavesThePreviousPartitionAsItWas() throws IOException {
    ClientConfig client = config(false, "");
    land("20240102T060000Z-0001", 3, "100");
    new DatasetTransform(spark, zones).transform(client, "ad_insights_daily", Optional.empty(),
        Optional.empty());
    Path curated = Path.of(zones.curated("acme", "ad_insights_daily"));
    Map<String, String> before = contents(curated.resolve("data/dt=2024-01-01"));
    long snapshotBefore = table().currentSnapshot().snapshotId();
    List<Row> rowsBefore = rows();

    land("20240103T060000Z-0002", 5, "200");
    List<List<Row>> seenDuringTheRun = new ArrayList<>();
    assertThatThrownBy(() -> new DatasetTransform(spark, zones)
        .beforePublish(() -> {
          // the new partition is written in full by now, but no reader sees it
          seenDuringTheRun.add(rows());
          throw new IllegalStateException("injected failure before the swap");
        })
        .transform(client, "ad_insights_daily", Optional.empty(), Optional.empty()))
        .isInstanceOf(DataException.class)
        .hasMessage("Cannot transform dataset acme.ad_insights_daily: cannot publish curated"
            + " data: injected failure before the swap");

    assertThat(seenDuringTheRun).containsExactly(rowsBefore);
    // the failed run's files are not part of any snapshot, and its branch is gone
    assertThat(contents(curated.resolve("data/dt=2024-01-01"))).containsAllEntriesOf(before);
    assertThat(table().currentSnapshot().snapshotId()).isEqualTo(snapshotBefore);
    assertThat(table().refs()).containsOnlyKeys("main");
    assertThat(rows()).isEqualTo(rowsBefore);
    try (Stream<Path> names = Files.list(curated)) {
      assertThat(names.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("data", "metadata", "_quality");
    }

    TransformResult result = new DatasetTransform(spark, zones).transform(client,
        "ad_insights_daily", Optional.empty(), Optional.empty());
    assertThat(result.rowsCurated()).isEqualTo(5);
    assertThat(rows()).hasSize(5).allSatisfy(row -> assertThat(row.getLong(2)).isEqualTo(200));
    assertThat(table().currentSnapshot().parentId()).isEqualTo(snapshotBefore);
    assertThat(table().refs()).containsOnlyKeys("main");
  }

  @Test
  void writesACsvCopyPublishedWithTheParquet() throws IOException {
    land("20240102T060000Z-0001", 2, "100");
    new DatasetTransform(spark, zones).transform(config(true, ""), "ad_insights_daily",
        Optional.empty(), Optional.empty());

    Path csv = Path.of(zones.curated("acme", "ad_insights_daily"), "_csv", "dt=2024-01-01");
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(csv)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".csv"))
          .toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    assertThat(lines).containsExactly("ad_id,day,impressions,currency",
        "130000000,2024-01-01,100,eur", "130000001,2024-01-01,100,eur");
    // Parquet readers of the dataset do not see the copy
    assertThat(rows()).hasSize(2);
  }

  @Test
  void aRowCountChangeBeyondTheThresholdFailsTheRun() throws IOException {
    ClientConfig client = config(false, "max_row_count_change: 0.5");
    land("20240102T060000Z-0001", 4, "100");
    new DatasetTransform(spark, zones).transform(client, "ad_insights_daily", Optional.empty(),
        Optional.empty());
    land("20240103T060000Z-0002", 1, "200");

    assertThatThrownBy(() -> new DatasetTransform(spark, zones).transform(client,
        "ad_insights_daily", Optional.empty(), Optional.empty()))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith("Cannot transform dataset acme.ad_insights_daily: 1 rows are"
            + " good where the previous published run had 4 (-75.00%), more than"
            + " max_row_count_change 0.5; nothing published");
    assertThat(rows()).hasSize(4);

    land("20240104T060000Z-0003", 5, "300"); // +25% of the last published run's 4
    assertThat(new DatasetTransform(spark, zones).transform(client, "ad_insights_daily",
        Optional.empty(), Optional.empty()).rowsCurated()).isEqualTo(5);
    assertThat(new ObjectMapper().readTree(Path.of(zones.curated("acme", "ad_insights_daily"),
        "_quality", "run=20240103T060000Z-0002.json").toFile()).get("published").asBoolean())
        .isFalse();
  }

  private org.apache.iceberg.Table table() {
    return new IcebergTables(spark, io.dif.core.zone.TableCatalog.local(zones))
        .find(io.dif.core.zone.TableCatalog.Zone.CURATED, "acme", "ad_insights_daily")
        .orElseThrow();
  }

  private List<Row> rows() {
    Path curated = Path.of(zones.curated("acme", "ad_insights_daily"));
    return TestingTables.read(spark, curated.toString()).orderBy("ad_id").collectAsList();
  }

  private static Map<String, String> contents(Path folder) throws IOException {
    Map<String, String> contents = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        contents.put(file.getFileName().toString(),
            java.util.HexFormat.of().formatHex(Files.readAllBytes(file)));
      }
    }
    return contents;
  }
}
