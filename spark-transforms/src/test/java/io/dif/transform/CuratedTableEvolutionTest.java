package io.dif.transform;

import static io.dif.transform.TestingRawZone.insight;
import static io.dif.transform.TestingRawZone.metaInsightsPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.error.ConfigurationException;
import io.dif.core.zone.TableCatalog;
import io.dif.core.zone.ZoneLayout;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curated Iceberg table as its config changes and while readers read it: a column the config
 * gains is added (old rows read it as null), a type change Iceberg cannot promote is refused
 * with one line, and a reader scanning the table while transforms commit sees each date whole —
 * all of one run's rows or all of the other's, never a mix or a part.
 */
class CuratedTableEvolutionTest {
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
          columns:
            - { name: ad_id, type: string, required: true }
            - { name: day, type: date, source: date_start, required: true }
            - { name: impressions, type: %s }
      %s
          key: [ad_id, day]
          destination: { table: marketing.ad_insights_daily, mode: merge }
      """;
  private static final String CLICKS = "      - { name: clicks, type: long }";
  private static final LocalDate JAN_1 = LocalDate.parse("2024-01-01");
  private static final LocalDate JAN_2 = LocalDate.parse("2024-01-02");

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

  private static ClientConfig config(String impressionsType, String moreColumns) {
    return new ClientConfigLoader().parse("acme.yaml", CONFIG.formatted(impressionsType,
        moreColumns));
  }

  @Test
  void aColumnTheConfigGainsIsAddedAndATypeIcebergCannotPromoteIsRefused() {
    land(JAN_1, "20240102T060000Z-0001", 3);
    transform(config("int", ""), Optional.empty());

    land(JAN_2, "20240103T060000Z-0002", 2);
    transform(config("long", CLICKS), Optional.of(JAN_2)); // int → long: promoted

    Table table = table();
    assertThat(table.schema().findField("clicks")).isNotNull();
    assertThat(table.schema().findType("impressions").toString()).isEqualTo("long");
    List<Row> rows = TestingTables.read(spark, zones.curated("acme", "ad_insights_daily"))
        .orderBy("dt", "ad_id").collectAsList();
    assertThat(rows).hasSize(5);
    // the first run's rows read the new column as null, the second's have it
    assertThat(rows.subList(0, 3)).allSatisfy(row -> assertThat(
        row.isNullAt(row.fieldIndex("clicks"))).isTrue());
    assertThat(rows.subList(3, 5)).allSatisfy(row -> assertThat(
        row.getLong(row.fieldIndex("clicks"))).isEqualTo(7L));

    land(JAN_2, "20240104T060000Z-0003", 2);
    long snapshot = table().currentSnapshot().snapshotId();
    assertThatThrownBy(() -> transform(config("string", CLICKS), Optional.of(JAN_2)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("impressions")
        .hasMessageContaining("cannot promote");
    assertThat(table().currentSnapshot().snapshotId()).isEqualTo(snapshot);
  }

  @Test
  void aReaderSeesEachDateWholeWhileTransformsCommit() throws Exception {
    ClientConfig client = config("long", "");
    land(JAN_1, "20240102T060000Z-0001", 4);
    transform(client, Optional.empty());

    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> readerFailed = new AtomicReference<>();
    Set<Map<LocalDate, Long>> seen = ConcurrentHashMap.newKeySet();
    Thread reader = new Thread(() -> {
      try {
        while (!done.get()) {
          seen.add(rowsPerDate(table()));
        }
      } catch (Throwable e) {
        readerFailed.set(e);
      }
    }, "curated-reader");
    reader.start();
    // three more runs of the same date, with 9, 2 and 6 rows, and one of a new date
    List<Integer> sizes = List.of(9, 2, 6);
    for (int i = 0; i < sizes.size(); i++) {
      land(JAN_1, "2024010" + (3 + i) + "T060000Z-000" + (2 + i), sizes.get(i));
      transform(client, Optional.of(JAN_1));
    }
    land(JAN_2, "20240106T060000Z-0005", 5);
    transform(client, Optional.of(JAN_2));
    done.set(true);
    reader.join();

    assertThat(readerFailed.get()).isNull();
    assertThat(seen).hasSizeGreaterThan(1);
    // every state the reader saw is one a commit published: a date holds 4, 9, 2 or 6 rows
    assertThat(seen).allSatisfy(state -> {
      assertThat(state.get(JAN_1)).isIn(4L, 9L, 2L, 6L);
      assertThat(state.getOrDefault(JAN_2, 5L)).isEqualTo(5L);
    });
    assertThat(rowsPerDate(table())).isEqualTo(Map.of(JAN_1, 6L, JAN_2, 5L));
  }

  /** Rows per date of the table's current snapshot, from its data files' record counts. */
  private static Map<LocalDate, Long> rowsPerDate(Table table) throws java.io.IOException {
    Map<LocalDate, Long> rows = new TreeMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        LocalDate dt = LocalDate.ofEpochDay(file.partition().get(0, Integer.class));
        rows.merge(dt, file.recordCount(), Long::sum);
      }
    }
    return rows;
  }

  private void land(LocalDate day, String runId, int rows) {
    List<Map<String, String>> records = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Map<String, String> record = new java.util.LinkedHashMap<>(insight("1", "13000000" + i,
          day.toString(), "100", "1", "1"));
      record.put("clicks", "7");
      records.add(record);
    }
    raw.run(day, runId).page(metaInsightsPage(records, false)).commit();
  }

  private void transform(ClientConfig client, Optional<LocalDate> only) {
    new DatasetTransform(spark, zones).transform(client, "ad_insights_daily", only, only);
  }

  private Table table() {
    return new IcebergTables(spark, TableCatalog.local(zones))
        .find(TableCatalog.Zone.CURATED, "acme", "ad_insights_daily").orElseThrow();
  }
}
