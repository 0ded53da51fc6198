package io.dif.transform;

import static io.dif.transform.TestingRawZone.insight;
import static io.dif.transform.TestingRawZone.metaInsightsPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.ZoneLayout;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTransformTest {
  private static final String CONFIG = """
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
        ad_insights_daily:
          from: meta.insights
          columns:
            - { name: campaign_id, type: string, required: true }
            - { name: ad_id, type: string, required: true }
            - { name: day, type: date, source: date_start, required: true }
            - { name: impressions, type: long }
            - { name: clicks, type: int }
            - { name: spend, type: "decimal(18,4)" }
            - { name: currency, type: string, source: account_currency }
          key: [ad_id, day]
          destination: { table: marketing.ad_insights_daily, mode: merge }
      """;
  private static final LocalDate JAN_1 = LocalDate.parse("2024-01-01");
  private static final LocalDate JAN_2 = LocalDate.parse("2024-01-02");
  private static final String OLDER_RUN = "20240102T060000Z-0001";
  private static final String LATEST_RUN = "20240103T060000Z-0002";
  private static final String UNCOMMITTED_RUN = "20240104T060000Z-0003";
  private static final String JAN_2_RUN = "20240103T060000Z-0004";

  private final SparkSession spark = TestingSpark.session();
  private final ClientConfig client = new ClientConfigLoader().parse("acme.yaml", CONFIG);

  @TempDir
  Path root;
  private ZoneLayout zones;
  private TestingRawZone raw;
  private DatasetTransform transform;

  @BeforeEach
  void setUp() {
    zones = new ZoneLayout(root.toString());
    raw = new TestingRawZone(zones, "acme", "meta", "insights");
    transform = new DatasetTransform(spark, zones);
  }

  /** The expected outcome of the page with index {@code index} of a run. */
  private static DocumentOutcome page(String source, String stream, LocalDate dt, String run,
      int index, long read, long curated, long quarantined, long duplicates) {
    return new DocumentOutcome(source, stream, dt, run,
        ZoneLayout.pageName(index, "json.gz"), read, curated, quarantined,
        duplicates);
  }

  /** The fixture: two runs and an uncommitted one for Jan 1, one run for Jan 2. */
  private void landInsights() {
    raw.run(JAN_1, OLDER_RUN)
        .page(metaInsightsPage(List.of(
            insight("1200000000001", "1300000000001", "2024-01-01", "1", "1", "1.0000")), false))
        .commit();
    raw.run(JAN_1, LATEST_RUN)
        .page(metaInsightsPage(List.of(
            insight("1200000000001", "1300000000001", "2024-01-01", "1234", "56", "78.9100"),
            insight("1200000000001", "1300000000002", "2024-01-01", "abc", "3", "1.5000"),
            insight("1200000000001", "1300000000003", "2024-01-01", "10", "1", "0.5000")),
            true))
        .page(metaInsightsPage(List.of(
            insight("1200000000001", "1300000000003", "2024-01-01", "11", "2", "0.6000"),
            without(insight("1200000000001", "1300000000005", "2024-01-01", "7", "x", "0.1"),
                "campaign_id"),
            withCurrency(insight("  1200000000002 ", "1300000000004", "2024-01-01", "5", "0",
                "0"), "")), false))
        .commit();
    raw.run(JAN_1, UNCOMMITTED_RUN)
        .page(metaInsightsPage(List.of(
            insight("1200000000001", "1300000000001", "2024-01-01", "999", "9", "9.9900")), false))
        .leaveUncommitted();
    raw.run(JAN_2, JAN_2_RUN)
        .page(metaInsightsPage(List.of(
            insight("1200000000001", "1300000000001", "2024-01-02", "2000", "20", "100.0000")),
            false))
        .commit();
  }

  @Test
  void curatesTheLatestCommittedRunOfEachDate() {
    landInsights();

    TransformResult result = transform.transform(client, "ad_insights_daily", Optional.empty(),
        Optional.empty());

    assertThat(result).usingRecursiveComparison().ignoringFields("quality")
        .isEqualTo(new TransformResult("ad_insights_daily", List.of(JAN_1, JAN_2),
        7, 4, 2, 1, 3, List.of(LATEST_RUN, JAN_2_RUN), List.of(
            page("meta", "insights", JAN_1, LATEST_RUN, 0, 3, 1, 1, 1),
            page("meta", "insights", JAN_1, LATEST_RUN, 1, 3, 2, 1, 0),
            page("meta", "insights", JAN_2, JAN_2_RUN, 0, 1, 1, 0, 0))));
    assertThat(result.documents()).allSatisfy(document -> assertThat(document.rowsRead())
        .isEqualTo(document.rowsCurated() + document.rowsQuarantined()
            + document.duplicatesRemoved()));
    assertThat(result.rowsRead()).isEqualTo(
        result.rowsCurated() + result.rowsQuarantined() + result.duplicatesRemoved());

    List<Row> curated = curated();
    assertThat(TestingTables.read(spark, zones.curated("acme", "ad_insights_daily")).columns())
        .containsExactly("campaign_id", "ad_id", "day", "impressions", "clicks", "spend",
            "currency", "dt");
    assertThat(curated).extracting(
            row -> row.getString(0), row -> row.getString(1), row -> row.getDate(2),
            row -> row.get(3), row -> row.get(4), row -> row.getDecimal(5), row -> row.get(6),
            row -> row.getDate(7))
        .containsExactly(
            tuple("1200000000001", "1300000000001", date(JAN_1), 1234L, 56,
                new BigDecimal("78.9100"), "EUR", date(JAN_1)),
            tuple("1200000000001", "1300000000003", date(JAN_1), 11L, 2,
                new BigDecimal("0.6000"), "EUR", date(JAN_1)),
            tuple("1200000000002", "1300000000004", date(JAN_1), 5L, 0,
                new BigDecimal("0.0000"), null, date(JAN_1)),
            tuple("1200000000001", "1300000000001", date(JAN_2), 2000L, 20,
                new BigDecimal("100.0000"), "EUR", date(JAN_2)));
    // exactly, scale included: the text "78.9100" never went through a double
    assertThat(curated.get(0).getDecimal(5)).isEqualTo(new BigDecimal("78.9100"));
    assertThat(TestingTables.read(spark, zones.curated("acme", "ad_insights_daily")).schema()
        .apply("spend").dataType()).isEqualTo(DataTypes.createDecimalType(18, 4));
  }

  @Test
  void quarantinesBadRowsWithTheirRecordAndReasons() {
    landInsights();

    transform.transform(client, "ad_insights_daily", Optional.empty(), Optional.empty());

    Path data = Path.of(zones.quarantine("acme", "ad_insights_daily"), "data");
    assertThat(parquetFiles(data.resolve("dt=2024-01-01/run=" + LATEST_RUN))).isNotEmpty();
    assertThat(data.resolve("dt=2024-01-02")).doesNotExist();
    List<Row> quarantined = TestingTables.read(spark, zones.quarantine("acme", "ad_insights_daily"))
        .orderBy("page", "position").collectAsList();
    assertThat(quarantined).extracting(
            row -> row.getAs("reason"), row -> row.getAs("page"), row -> row.getAs("position"),
            row -> row.getAs("dt").toString(), row -> row.getAs("run"))
        .containsExactly(
            tuple("column impressions: cannot convert \"abc\" to long", "page-00000.json.gz", 1,
                "2024-01-01", LATEST_RUN),
            tuple("column campaign_id: required value is missing; column clicks: cannot convert"
                + " \"x\" to int", "page-00001.json.gz", 1, "2024-01-01", LATEST_RUN));
    // the record as the dataset's columns read it: account_id, which no column reads, stays
    // in the raw zone only
    assertThat((String) quarantined.get(0).getAs("record"))
        .isEqualTo("{\"campaign_id\":\"1200000000001\",\"ad_id\":\"1300000000002\","
            + "\"day\":\"2024-01-01\",\"impressions\":\"abc\",\"clicks\":\"3\","
            + "\"spend\":\"1.5000\",\"currency\":\"EUR\"}");
    assertThat((String) quarantined.get(1).getAs("record"))
        .doesNotContain("campaign_id").contains("\"clicks\":\"x\"");
  }

  @Test
  void transformingAgainWritesTheSameDataAndKeepsOtherDates() throws IOException {
    landInsights();
    Path curatedRoot = Path.of(zones.curated("acme", "ad_insights_daily"));
    // a date curated long ago whose raw data is gone: no transform may touch it
    LocalDate dec31 = LocalDate.parse("2023-12-31");
    Path oldRun = raw.run(dec31, "20240101T060000Z-0000").page(metaInsightsPage(List.of(
        insight("1200000000009", "1300000000009", "2023-12-31", "1", "1", "1")), false))
        .commit();
    transform.transform(client, "ad_insights_daily", Optional.of(dec31), Optional.of(dec31));
    org.apache.commons.io.FileUtils.deleteDirectory(oldRun.getParent().toFile());

    TransformResult first = transform.transform(client, "ad_insights_daily", Optional.empty(),
        Optional.empty());
    List<Row> afterFirst = curated();
    Set<String> jan1Files = currentFiles(JAN_1);

    TransformResult second = transform.transform(client, "ad_insights_daily", Optional.empty(),
        Optional.empty());

    assertThat(second).isEqualTo(first);
    assertThat(curated()).isEqualTo(afterFirst);
    assertThat(TestingTables.read(spark, zones.quarantine("acme", "ad_insights_daily")).count())
        .isEqualTo(2);
    assertThat(currentFiles(JAN_1)).hasSize(1);
    assertThat(afterFirst).extracting(row -> row.getDate(7).toString())
        .containsOnlyOnce("2023-12-31");

    // a newer run of Jan 2 replaces Jan 2 only; Jan 1's files are not even rewritten
    jan1Files = currentFiles(JAN_1);
    raw.run(JAN_2, "20240105T060000Z-0005")
        .page(metaInsightsPage(List.of(
            insight("1200000000001", "1300000000001", "2024-01-02", "2100", "21", "101.5000")),
            false))
        .commit();
    TransformResult jan2 = transform.transform(client, "ad_insights_daily", Optional.of(JAN_2),
        Optional.of(JAN_2));

    assertThat(jan2).usingRecursiveComparison().ignoringFields("quality")
        .isEqualTo(new TransformResult("ad_insights_daily", List.of(JAN_2), 1, 1, 0,
        0, 1, List.of("20240105T060000Z-0005"),
        List.of(page("meta", "insights", JAN_2, "20240105T060000Z-0005", 0, 1, 1, 0, 0))));
    assertThat(currentFiles(JAN_1)).isEqualTo(jan1Files);
    assertThat(curated()).extracting(row -> row.getDate(7).toString(), row -> row.get(3))
        .containsExactly(tuple("2023-12-31", 1L), tuple("2024-01-01", 1234L),
            tuple("2024-01-01", 11L), tuple("2024-01-01", 5L), tuple("2024-01-02", 2100L));
  }

  @Test
  void readsOnlyTheDatesInTheRange() {
    landInsights();

    TransformResult result = transform.transform(client, "ad_insights_daily", Optional.of(JAN_2),
        Optional.empty());

    assertThat(result.runIds()).containsExactly(JAN_2_RUN);
    assertThat(result.partitions()).containsExactly(JAN_2);
    assertThat(Path.of(zones.curated("acme", "ad_insights_daily"), "data", "dt=2024-01-01"))
        .doesNotExist();
  }

  @Test
  void quarantinesPagesThatCannotBeReadAndRecordsThatAreNotObjects() {
    raw.run(JAN_1, LATEST_RUN)
        .page("{\"data\":[{\"campaign_id\":\"1\"", 3)
        .page("{\"error\":{\"message\":\"(#17) User request limit reached\",\"code\":17}}", 0)
        .page("{\"data\":[\"oops\",null,{\"campaign_id\":\"1\",\"ad_id\":\"2\","
            + "\"date_start\":\"2024-01-01\",\"impressions\":12,\"spend\":78.9100}]}")
        .commit();

    TransformResult result = transform.transform(client, "ad_insights_daily", Optional.empty(),
        Optional.empty());

    assertThat(result).usingRecursiveComparison().ignoringFields("quality")
        .isEqualTo(new TransformResult("ad_insights_daily", List.of(JAN_1), 5, 1,
        4, 0, 3, List.of(LATEST_RUN), List.of(
            page("meta", "insights", JAN_1, LATEST_RUN, 0, 1, 0, 1, 0),
            page("meta", "insights", JAN_1, LATEST_RUN, 1, 1, 0, 1, 0),
            page("meta", "insights", JAN_1, LATEST_RUN, 2, 3, 1, 2, 0))));
    List<Row> quarantined = TestingTables.read(spark, zones.quarantine("acme", "ad_insights_daily"))
        .orderBy("page", "position").collectAsList();
    assertThat(quarantined).extracting(row -> row.getAs("page"), row -> row.getAs("position"),
            row -> row.getAs("reason"), row -> row.getAs("record"))
        .containsExactly(
            tuple("page-00000.json.gz", null,
                "page is not JSON with an array of records at \"/data\"", null),
            tuple("page-00001.json.gz", null, "page has no array of records at \"/data\"",
                null),
            tuple("page-00002.json.gz", 0, "record is not a JSON object", null),
            tuple("page-00002.json.gz", 1, "record is not a JSON object", null));
    // JSON numbers (not strings) convert too
    assertThat(curated()).extracting(row -> row.get(3), row -> row.getDecimal(5))
        .containsExactly(tuple(12L, new BigDecimal("78.9100")));
  }

  @Test
  void readsNestedRecordsAndFields() {
    ClientConfig tiktok = new ClientConfigLoader().parse("acme.yaml", """
        version: 1
        client: acme
        sources:
          tiktok:
            base_url: https://business-api.tiktok.com/open_api/v1.3
            streams:
              report:
                request: { path: /report/integrated/get/ }
                records: /data/list
        datasets:
          tiktok_ads_daily:
            from: tiktok.report
            columns:
              - { name: ad_id, type: string, source: dimensions.ad_id, required: true }
              - { name: day, type: timestamp, source: dimensions.stat_time_day }
              - { name: spend, type: "decimal(12,2)", source: metrics.spend }
              - { name: impressions, type: long, source: metrics.impressions }
            key: [ad_id, day]
            destination: { table: marketing.tiktok_ads_daily }
        """);
    new TestingRawZone(zones, "acme", "tiktok", "report").run(JAN_1, LATEST_RUN)
        .page("""
            {"code": 0, "message": "OK", "request_id": "2024010106000001",
             "data": {"page_info": {"page": 1, "total_number": 2},
              "list": [
               {"dimensions": {"ad_id": "1790000000001", "stat_time_day": "2024-01-01 00:00:00"},
                "metrics": {"spend": "12.30", "impressions": "456"}},
               {"dimensions": {"ad_id": "1790000000002", "stat_time_day": "2024-01-01 00:00:00"},
                "metrics": {"spend": "-", "impressions": "0"}}]}}
            """, 2)
        .commit();

    TransformResult result = new DatasetTransform(spark, zones).transform(tiktok,
        "tiktok_ads_daily", Optional.empty(), Optional.empty());

    assertThat(result.rowsCurated()).isEqualTo(1);
    assertThat(result.rowsQuarantined()).isEqualTo(1);
    Row row = TestingTables.read(spark, zones.curated("acme", "tiktok_ads_daily")).first();
    assertThat(row.getString(0)).isEqualTo("1790000000001");
    assertThat(row.getTimestamp(1).toInstant()).hasToString("2024-01-01T00:00:00Z");
    assertThat(row.getDecimal(2)).isEqualTo(new BigDecimal("12.30"));
    assertThat(row.getLong(3)).isEqualTo(456L);
    assertThat(TestingTables.read(spark, zones.quarantine("acme", "tiktok_ads_daily"))
        .first().<String>getAs("reason"))
        .isEqualTo("column spend: cannot convert \"-\" to decimal(12,2)");
  }

  @Test
  void readsPagesThatAreThemselvesTheArrayOfRecords() {
    ClientConfig files = new ClientConfigLoader().parse("acme.yaml", """
        version: 1
        client: acme
        sources:
          shop:
            base_url: https://shop.example.com/api
            streams:
              orders:
                request: { path: /orders }
                records: ""
        datasets:
          orders:
            from: shop.orders
            columns:
              - { name: order_id, type: long, source: id, required: true }
              - { name: total, type: "decimal(10,2)" }
            key: [order_id]
            destination: { table: shop.orders }
        """);
    new TestingRawZone(zones, "acme", "shop", "orders").run(JAN_1, LATEST_RUN)
        .page("[{\"id\": 1, \"total\": \"10.50\"}, {\"id\": \"x\"}, {\"id\": 1,"
            + " \"total\": \"11.00\"}]", 3)
        .page("{\"message\": \"not an array\"}", 0)
        .commit();

    TransformResult result = transform.transform(files, "orders", Optional.empty(),
        Optional.empty());

    assertThat(result).usingRecursiveComparison().ignoringFields("quality")
        .isEqualTo(new TransformResult("orders", List.of(JAN_1), 4, 1, 2, 1, 2,
        List.of(LATEST_RUN), List.of(
            page("shop", "orders", JAN_1, LATEST_RUN, 0, 3, 1, 1, 1),
            page("shop", "orders", JAN_1, LATEST_RUN, 1, 1, 0, 1, 0))));
    assertThat(TestingTables.read(spark, zones.curated("acme", "orders")).collectAsList())
        .extracting(row -> row.get(0), row -> row.get(1))
        .containsExactly(tuple(1L, new BigDecimal("11.00")));
    assertThat(TestingTables.read(spark, zones.quarantine("acme", "orders")).orderBy("page")
        .collectAsList()).extracting(row -> row.getAs("reason"))
        .containsExactly("column order_id: cannot convert \"x\" to long",
            "page is not JSON with an array of records at \"\"");
  }

  @Test
  void readsNoRowFromAPageWithoutRecords() {
    // the last page of a paged stream often has an empty records array
    raw.run(JAN_1, LATEST_RUN)
        .page(metaInsightsPage(List.of(
            insight("1200000000001", "1300000000001", "2024-01-01", "5", "1", "0.5000")), true))
        .page(metaInsightsPage(List.of(), false))
        .commit();

    TransformResult result = transform.transform(client, "ad_insights_daily", Optional.empty(),
        Optional.empty());

    assertThat(result).usingRecursiveComparison().ignoringFields("quality")
        .isEqualTo(new TransformResult("ad_insights_daily", List.of(JAN_1), 1, 1, 0, 0, 2,
            List.of(LATEST_RUN), List.of(
                page("meta", "insights", JAN_1, LATEST_RUN, 0, 1, 1, 0, 0),
                page("meta", "insights", JAN_1, LATEST_RUN, 1, 0, 0, 0, 0))));
    assertThat(curated()).extracting(row -> row.getString(1))
        .containsExactly("1300000000001");
  }

  @Test
  void returnsAnEmptyResultWhenNoRunIsCommitted() {
    raw.run(JAN_1, UNCOMMITTED_RUN)
        .page(metaInsightsPage(List.of(
            insight("1200000000001", "1300000000001", "2024-01-01", "1", "1", "1")), false))
        .leaveUncommitted();

    TransformResult result = transform.transform(client, "ad_insights_daily", Optional.empty(),
        Optional.empty());

    assertThat(result).usingRecursiveComparison().ignoringFields("quality")
        .isEqualTo(new TransformResult("ad_insights_daily", List.of(), 0, 0, 0, 0,
        0, List.of(), List.of()));
    assertThat(Path.of(zones.curated("acme", "ad_insights_daily"))).doesNotExist();
  }

  @Test
  void failsWhenAPageHoldsOtherRecordsThanItsManifestLists() {
    Path run = raw.run(JAN_1, LATEST_RUN)
        .page(metaInsightsPage(List.of(
            insight("1200000000001", "1300000000001", "2024-01-01", "1", "1", "1")), false), 2)
        .commit();

    assertThatThrownBy(() -> transform.transform(client, "ad_insights_daily", Optional.empty(),
        Optional.empty()))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith("Cannot transform dataset acme.ad_insights_daily: page holds 1"
            + " records but its manifest lists 2: file:")
        .hasMessageEndingWith(run + "/page-00000.json.gz");
    assertThat(curated()).isEmpty(); // nothing published
  }

  @Test
  void failsWhenAPageTheManifestListsIsMissing() throws IOException {
    Path run = raw.run(JAN_1, LATEST_RUN)
        .page(metaInsightsPage(List.of(
            insight("1200000000001", "1300000000001", "2024-01-01", "1", "1", "1")), false))
        .commit();
    Files.delete(run.resolve("page-00000.json.gz"));

    assertThatThrownBy(() -> transform.transform(client, "ad_insights_daily", Optional.empty(),
        Optional.empty()))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith("Cannot transform dataset acme.ad_insights_daily: cannot read"
            + " the pages a manifest lists: ")
        .hasMessageContaining("page-00000.json.gz")
        .extracting(e -> ((DataException) e).code()).isEqualTo(ErrorCode.DATA_INVALID);
  }

  @Test
  void rejectsADatasetTheClientDoesNotHave() {
    assertThatThrownBy(() -> transform.transform(client, "ad_insights", Optional.empty(),
        Optional.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Cannot transform dataset acme.ad_insights: no such dataset; datasets of the"
            + " client are: ad_insights_daily");
  }

  @Test
  void rejectsARangeThatEndsBeforeItStarts() {
    assertThatThrownBy(() -> transform.transform(client, "ad_insights_daily", Optional.of(JAN_2),
        Optional.of(JAN_1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Cannot transform dataset acme.ad_insights_daily: date range ends before it"
            + " starts: 2024-01-02..2024-01-01");
  }

  private List<Row> curated() {
    return TestingTables.read(spark, zones.curated("acme", "ad_insights_daily"))
        .orderBy("dt", "ad_id").collectAsList();
  }

  private static Date date(LocalDate day) {
    return Date.valueOf(day);
  }

  private static Map<String, String> without(Map<String, String> row, String field) {
    row.remove(field);
    return row;
  }

  private static Map<String, String> withCurrency(Map<String, String> row, String currency) {
    row.put("account_currency", currency);
    return row;
  }

  private static List<Path> parquetFiles(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".parquet")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The data files of a date in the curated table's current snapshot. */
  private Set<String> currentFiles(LocalDate date) throws IOException {
    org.apache.iceberg.Table table = new IcebergTables(spark,
        io.dif.core.zone.TableCatalog.local(zones)).find(io.dif.core.zone.TableCatalog.Zone.CURATED,
        "acme", "ad_insights_daily").orElseThrow();
    Set<String> files = new java.util.TreeSet<>();
    try (var tasks = table.newScan().filter(org.apache.iceberg.expressions.Expressions.equal(
        "dt", date.toString())).planFiles()) {
      tasks.forEach(task -> files.add(task.file().path().toString()));
    }
    return files;
  }

  /** File name to last-modified time, to tell a partition that was not rewritten. */
  private static Map<String, Long> files(Path folder) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    for (Path file : parquetFiles(folder)) {
      files.put(file.getFileName().toString(), Files.getLastModifiedTime(file).toMillis());
    }
    return files;
  }
}
