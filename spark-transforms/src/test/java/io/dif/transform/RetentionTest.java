package io.dif.transform;

import static io.dif.transform.TestingRawZone.insight;
import static io.dif.transform.TestingRawZone.metaInsightsPage;
import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.CredentialStore;
import io.dif.core.credential.Secret;
import io.dif.core.zone.TableCatalog;
import io.dif.core.zone.ZoneLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention with a fixed clock: rows cross anonymize_after and delete_after, their personal
 * columns change in one commit per table, the files of the older snapshots are gone from disk;
 * raw runs older than raw_retention are deleted; a second run changes nothing.
 */
class RetentionTest {
  private static final String CONFIG = """
      version: 1
      client: acme
      sources:
        meta:
          base_url: https://graph.facebook.com/v21.0
          raw_retention: P30D
          streams:
            insights:
              request: { path: /act_1000000000001/insights }
              records: /data
      datasets:
        leads:
          from: meta.insights
          columns:
            - { name: ad_id, type: string, required: true }
            - { name: day, type: date, source: date_start, required: true }
            - { name: spend, type: "decimal(18,4)" }
            - { name: email, type: string, required: true, text_case: lower,
                anonymize: { method: hmac_sha256, key: lead_hmac } }
            - { name: phone, type: string, anonymize: { method: mask, keep_last: 2 } }
          key: [ad_id, day]
          destination: { table: marketing.leads, mode: merge }
          csv_copy: true
          retention: { anonymize_after: P90D, delete_after: P1Y }
      """;
  private static final String KEY = "k3y-" + Long.toHexString(new Random(11).nextLong());
  private static final LocalDate JAN_1 = LocalDate.parse("2024-01-01");
  private static final LocalDate MAR_1 = LocalDate.parse("2024-03-01");

  private final SparkSession spark = TestingSpark.session();
  private final ClientConfig client = new ClientConfigLoader().parse("acme.yaml", CONFIG);
  private final CredentialStore credentials = (clientName, name) -> Secret.of(KEY);

  @TempDir
  Path root;
  private ZoneLayout zones;
  private final Map<LocalDate, List<String>> emails = Map.of(JAN_1, new ArrayList<>(), MAR_1,
      new ArrayList<>());

  @BeforeEach
  void setUp() {
    zones = new ZoneLayout(root.toString());
    Random random = new Random(3);
    for (LocalDate day : List.of(JAN_1, MAR_1)) {
      List<Map<String, String>> rows = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String email = "p" + i + "." + Long.toHexString(random.nextLong()) + "@example.org";
        Map<String, String> row = insight("1200000000001", "ad" + i, day.toString(), "1", "1",
            i == 5 ? "not-a-number" : "1.5");
        row.put("email", email);
        row.put("phone", "+336" + (10_000_000 + random.nextInt(89_999_999)));
        emails.get(day).add(email);
        rows.add(row);
      }
      // landed the day after the data date
      String run = day.plusDays(1).toString().replace("-", "") + "T060000Z-0001";
      new TestingRawZone(zones, "acme", "meta", "insights").run(day, run)
          .page(metaInsightsPage(rows, false)).commit();
    }
    new DatasetTransform(spark, zones, credentials)
        .transform(client, "leads", Optional.empty(), Optional.empty());
  }

  private static Clock at(LocalDate day) {
    return Clock.fixed(day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600),
        ZoneOffset.UTC);
  }

  @Test
  void rowsPastAnonymizeAfterLoseTheirPersonalDataAndTheOldFilesAreGone() throws IOException {
    Table curated = table(TableCatalog.Zone.CURATED);
    long snapshotBefore = curated.currentSnapshot().snapshotId();
    Set<String> filesBefore = dataFiles(curated);
    List<Row> before = rows(TableCatalog.Zone.CURATED);
    String janHash = hashOf(before, JAN_1);
    assertThat(janHash).matches("[0-9a-f]{64}");
    assertThat(allBytes(root.resolve("curated"))).as("control: a hash is found in the bytes")
        .contains(middle(janHash));

    // 2024-04-05: 2024-01-01 is older than 90 days, 2024-03-01 is not
    List<TableRetention.TableResult> dry = new TableRetention(spark, zones, at(
        LocalDate.parse("2024-04-05"))).apply(client, true);
    assertThat(dry).extracting(TableRetention.TableResult::table, r -> r.rowsAnonymized(),
        r -> r.rowsDeleted()).containsExactly(
        org.assertj.core.groups.Tuple.tuple("curated.acme.leads", 11L, 0L),
        org.assertj.core.groups.Tuple.tuple("quarantine.acme.leads", 1L, 0L));
    assertThat(table(TableCatalog.Zone.CURATED).currentSnapshot().snapshotId())
        .as("a dry run commits nothing").isEqualTo(snapshotBefore);

    List<TableRetention.TableResult> results = new TableRetention(spark, zones,
        at(LocalDate.parse("2024-04-05"))).apply(client, false);
    assertThat(results).allSatisfy(result -> {
      assertThat(result.anonymizedDates()).containsExactly(JAN_1);
      assertThat(result.snapshotId()).isPresent();
    });

    List<Row> after = rows(TableCatalog.Zone.CURATED);
    assertThat(after).hasSameSizeAs(before);
    for (int i = 0; i < after.size(); i++) {
      Row old = before.get(i);
      Row now = after.get(i);
      assertThat(now.<String>getAs("ad_id")).isEqualTo(old.getAs("ad_id"));
      assertThat(now.<Object>getAs("spend")).isEqualTo(old.getAs("spend"));
      assertThat(now.<String>getAs("phone")).isEqualTo(old.getAs("phone")).startsWith("****");
      if (now.<java.sql.Date>getAs("day").toLocalDate().equals(JAN_1)) {
        assertThat(now.<String>getAs("email")).as("anonymized").isNull();
      } else {
        assertThat(now.<String>getAs("email")).isEqualTo(old.getAs("email")).isNotNull();
      }
    }
    Row quarantined = rows(TableCatalog.Zone.QUARANTINE).stream()
        .filter(row -> row.getAs("dt").toString().equals(JAN_1.toString())).findFirst()
        .orElseThrow();
    assertThat(quarantined.<String>getAs("record")).contains("\"email\":null")
        .contains("\"ad_id\"");

    // physically gone: the older snapshots' files are deleted, no byte holds a January hash
    curated = table(TableCatalog.Zone.CURATED);
    assertThat(curated.snapshots()).hasSize(1);
    Set<String> replaced = new HashSet<>(filesBefore);
    replaced.removeAll(dataFiles(curated));
    assertThat(replaced).isNotEmpty()
        .allSatisfy(file -> assertThat(Path.of(java.net.URI.create(file).getPath()))
            .doesNotExist());
    String bytes = allBytes(root.resolve("curated"));
    for (Row row : before) {
      if (row.<java.sql.Date>getAs("day").toLocalDate().equals(JAN_1)) {
        assertThat(bytes).doesNotContain(middle(row.<String>getAs("email")));
      }
    }
    assertThat(bytes).contains(middle(hashOf(before, MAR_1)));

    // idempotent: nothing left to change, no commit
    long snapshot = curated.currentSnapshot().snapshotId();
    assertThat(new TableRetention(spark, zones, at(LocalDate.parse("2024-04-06")))
        .apply(client, false)).allSatisfy(result -> {
          assertThat(result.rowsAnonymized()).isZero();
          assertThat(result.snapshotId()).isEmpty();
        });
    assertThat(table(TableCatalog.Zone.CURATED).currentSnapshot().snapshotId())
        .isEqualTo(snapshot);
  }

  @Test
  void rowsPastDeleteAfterAreDeletedAndYoungerOnesAnonymizedInOneCommit() throws IOException {
    // 2025-01-15: 2024-01-01 is older than a year, 2024-03-01 older than 90 days
    Table curated = table(TableCatalog.Zone.CURATED);
    int snapshotsBefore = size(curated.snapshots());
    List<TableRetention.TableResult> results = new TableRetention(spark, zones,
        at(LocalDate.parse("2025-01-15"))).apply(client, false);
    TableRetention.TableResult result = results.get(0);
    assertThat(result.table()).isEqualTo("curated.acme.leads");
    assertThat(result.rowsDeleted()).isEqualTo(11);
    assertThat(result.rowsAnonymized()).isEqualTo(11);
    assertThat(result.deletedDates()).containsExactly(JAN_1);
    assertThat(result.anonymizedDates()).containsExactly(MAR_1);
    assertThat(result.snapshotsExpired()).isEqualTo(snapshotsBefore);
    List<Row> after = rows(TableCatalog.Zone.CURATED);
    assertThat(after).hasSize(11).allSatisfy(row -> {
      assertThat(row.<java.sql.Date>getAs("day").toLocalDate()).isEqualTo(MAR_1);
      assertThat(row.<String>getAs("email")).isNull();
    });
    assertThat(rows(TableCatalog.Zone.QUARANTINE)).hasSize(1)
        .allSatisfy(row -> assertThat(row.<String>getAs("record")).contains("\"email\":null"));
    // the CSV copy follows: the deleted date's folder is gone, the other one has no email left
    Path csv = Path.of(table(TableCatalog.Zone.CURATED).location().replaceFirst("^file:", ""))
        .resolve("_csv");
    assertThat(csv.resolve("dt=" + JAN_1)).doesNotExist();
    String copy = allBytes(csv.resolve("dt=" + MAR_1));
    assertThat(copy).contains("ad1,").doesNotContain("@example.org");
  }

  @Test
  void rawRunsOlderThanRawRetentionAreDeleted() throws IOException {
    Path stream = Path.of(zones.rawStream("acme", "meta", "insights"));
    Path january = stream.resolve("dt=2024-01-01/run=20240102T060000Z-0001");
    Path march = stream.resolve("dt=2024-03-01/run=20240302T060000Z-0001");
    assertThat(january.resolve("_manifest.json")).exists();

    // 2024-03-20: the January run landed 78 days ago, the March run 18 days ago
    RawRetention retention = new RawRetention(zones, spark.sparkContext()
        .hadoopConfiguration(), at(LocalDate.parse("2024-03-20")));
    List<RawRetention.RunResult> dry = retention.apply(client, true);
    assertThat(dry).extracting(RawRetention.RunResult::runId)
        .containsExactly("20240102T060000Z-0001");
    assertThat(january).exists();

    List<RawRetention.RunResult> done = retention.apply(client, false);
    assertThat(done).hasSize(1);
    assertThat(done.get(0).dt()).isEqualTo(JAN_1);
    assertThat(done.get(0).files()).isGreaterThanOrEqualTo(2);
    assertThat(january.getParent()).doesNotExist();
    assertThat(march.resolve("_manifest.json")).exists();
    for (String email : emails.get(JAN_1)) {
      assertThat(allBytes(root.resolve("raw"))).doesNotContain(email);
    }
    assertThat(retention.apply(client, false)).isEmpty();
  }

  private Table table(TableCatalog.Zone zone) {
    return new IcebergTables(spark, TableCatalog.of(zones)).find(zone, "acme", "leads")
        .orElseThrow();
  }

  private List<Row> rows(TableCatalog.Zone zone) {
    String location = zone == TableCatalog.Zone.CURATED ? zones.curated("acme", "leads")
        : zones.quarantine("acme", "leads");
    String order = zone == TableCatalog.Zone.CURATED ? "ad_id" : "page";
    return TestingTables.read(spark, location).orderBy("dt", order).collectAsList();
  }

  private static String hashOf(List<Row> rows, LocalDate day) {
    return rows.stream().filter(row -> row.<java.sql.Date>getAs("day").toLocalDate()
        .equals(day)).findFirst().orElseThrow().getAs("email");
  }

  /** The middle of a value: compression may split it where its edges meet other bytes. */
  private static String middle(String value) {
    return value.substring(2, value.length() - 2);
  }

  private static Set<String> dataFiles(Table table) {
    Set<String> files = new HashSet<>();
    table.refresh();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file().path().toString()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return files;
  }

  private static int size(Iterable<?> items) {
    int count = 0;
    for (Object ignored : items) {
      count++;
    }
    return count;
  }

  private static String allBytes(Path folder) throws IOException {
    StringBuilder all = new StringBuilder();
    if (!Files.exists(folder)) {
      return "";
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        if (file.toString().endsWith(".gz")) {
          bytes = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))
              .readAllBytes();
        }
        all.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return all.toString();
  }
}
