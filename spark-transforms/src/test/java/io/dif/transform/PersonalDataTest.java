package io.dif.transform;

import static io.dif.transform.TestingRawZone.insight;
import static io.dif.transform.TestingRawZone.metaInsightsPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.CredentialStore;
import io.dif.core.credential.Secret;
import io.dif.core.error.ConfigurationException;
import io.dif.core.zone.ZoneLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded personal data (emails, IP addresses) never appears raw in curated data, quarantine or
 * the quality report, neither in the values read back nor in the bytes of any file written;
 * nor does the HMAC key.
 */
class PersonalDataTest {
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
        leads:
          from: meta.insights
          columns:
            - { name: ad_id, type: string, required: true }
            - { name: day, type: date, source: date_start, required: true }
            - { name: spend, type: "decimal(18,4)" }
            - { name: email, type: string, required: true, text_case: lower,
                pattern: "[^@ ]+@[^@ ]+", anonymize: { method: hmac_sha256, key: lead_hmac } }
            - { name: ip, type: string, source: client.ip,
                anonymize: { method: generalize, generalize: ip_24 } }
            - { name: phone, type: string, anonymize: { method: mask, keep_last: 2 } }
            - { name: name, type: string, anonymize: { method: drop } }
          key: [ad_id, day]
          destination: { table: marketing.leads, mode: merge }
          csv_copy: true
      """;
  private static final String KEY = "k3y-0f-th3-t3st-" + Long.toHexString(new Random(7).nextLong());
  private static final LocalDate JAN_1 = LocalDate.parse("2024-01-01");
  private static final String RUN = "20240102T060000Z-0001";

  private final SparkSession spark = TestingSpark.session();
  private final ClientConfig client = new ClientConfigLoader().parse("acme.yaml", CONFIG);
  /** Strict: only the configured key of this client exists. */
  private final CredentialStore credentials = (clientName, name) -> {
    if (!clientName.equals("acme") || !name.equals("lead_hmac")) {
      throw new AssertionError("unexpected credential " + clientName + "/" + name);
    }
    return Secret.of(KEY);
  };

  @TempDir
  Path root;
  private ZoneLayout zones;
  private final List<String> emails = new ArrayList<>();
  private final List<String> ips = new ArrayList<>();
  private final List<String> phones = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final List<String> adIds = new ArrayList<>();

  @BeforeEach
  void setUp() {
    zones = new ZoneLayout(root.toString());
    Random random = new Random(42);
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // high-entropy parts, so that a raw value would stay literal in compressed Parquet pages
      String email = "Person" + i + "." + token(random, 10) + "@example.org";
      String ip = (1 + random.nextInt(222)) + "." + random.nextInt(256) + "."
          + random.nextInt(256) + "." + (1 + random.nextInt(254));
      String phone = "+336" + (10_000_000 + random.nextInt(89_999_999));
      String name = "Name" + token(random, 10);
      String adId = token(random, 12);
      Map<String, String> row = insight("1200000000001", adId, "2024-01-01", "1", "1",
          i % 5 == 0 ? "not-a-number" : "1.5");
      row.put("email", i % 7 == 3 ? "broken " + email : email);
      row.put("phone", phone);
      row.put("name", name);
      emails.add(email);
      ips.add(ip);
      phones.add(phone);
      names.add(name);
      adIds.add(adId);
      rows.add(row);
    }
    // the IP is nested, as in a lead form's client block; Jackson keeps insertion order
    String page = metaInsightsPage(rows, false);
    for (int i = 0; i < rows.size(); i++) {
      page = page.replaceFirst("\"account_currency\" : \"EUR\"",
          "\"account_currency\" : \"EUR-\", \"client\" : {\"ip\" : \"" + ips.get(i) + "\"}");
    }
    page = page.replace("\"EUR-\"", "\"EUR\"");
    new TestingRawZone(zones, "acme", "meta", "insights").run(JAN_1, RUN).page(page).commit();
  }

  @Test
  void noRawPersonalValueNorTheKeyReachesAnyOutput() throws IOException {
    TransformResult result = new DatasetTransform(spark, zones, credentials)
        .transform(client, "leads", Optional.empty(), Optional.empty());

    // 8 bad spends (i % 5 == 0) and 6 broken emails (i % 7 == 3), one of them (10) both
    assertThat(result.rowsRead()).isEqualTo(40);
    assertThat(result.rowsQuarantined()).isEqualTo(13);
    assertThat(result.rowsCurated()).isEqualTo(27);

    List<Row> curated = TestingTables.read(spark, zones.curated("acme", "leads"))
        .orderBy("ad_id").collectAsList();
    assertThat(curated).hasSize(27);
    for (Row row : curated) {
      int i = adIds.indexOf(row.<String>getAs("ad_id"));
      assertThat(row.<String>getAs("email"))
          .isEqualTo(PersonalData.hmac(KEY.getBytes(StandardCharsets.UTF_8),
              emails.get(i).toLowerCase(java.util.Locale.ROOT)))
          .matches("[0-9a-f]{64}");
      String ip = ips.get(i);
      assertThat(row.<String>getAs("ip")).isEqualTo(ip.substring(0, ip.lastIndexOf('.')) + ".0");
      assertThat(row.<String>getAs("phone"))
          .isEqualTo("*".repeat(phones.get(i).length() - 2)
              + phones.get(i).substring(phones.get(i).length() - 2));
      assertThat(row.<String>getAs("name")).isNull();
    }

    List<Row> quarantined = TestingTables.read(spark, zones.quarantine("acme", "leads"))
        .collectAsList();
    assertThat(quarantined).hasSize(13);
    StringBuilder everything = new StringBuilder();
    for (Row row : quarantined) {
      String record = row.getAs("record");
      assertThat(record).contains("\"ad_id\"").contains("\"spend\"").contains("\"email\"");
      everything.append(record).append('\n').append(row.<String>getAs("reason")).append('\n');
    }
    assertThat(everything.toString()).contains("column email: \"…\" does not match");
    curated.forEach(row -> everything.append(row.toString()).append('\n'));
    everything.append(Files.readString(Path.of(result.quality().location().orElseThrow())));
    assertNoPersonalData(everything.toString(), "values read back");

    // the bytes of every file written: Parquet pages are compressed, so a control value
    // (ad ids, not personal) must be found the same way, or the scan proves nothing
    byte[] all = allBytes(root.resolve("curated"), root.resolve("quarantine"));
    String bytes = new String(all, StandardCharsets.ISO_8859_1);
    // compression may split a value where its edges meet the bytes around it: the middle of
    // a random token stays literal
    long controls = adIds.stream().map(PersonalDataTest::middle).filter(bytes::contains)
        .count();
    assertThat(controls).as("ad ids found in the raw bytes").isEqualTo(adIds.size());
    assertNoPersonalData(bytes, "bytes of the files written");
    List<String> tokens = new ArrayList<>();
    emails.forEach(email -> tokens.add(middle(email.substring(email.indexOf('.') + 1,
        email.indexOf('@')))));
    // (phones are digits only: a few of them occur by chance in hex hashes; they are in the
    // full-value scans above)
    names.forEach(name -> tokens.add(middle(name.substring(4))));
    assertThat(tokens.stream().filter(bytes::contains).toList())
        .as("random parts of personal values in the bytes of the files written").isEmpty();
  }

  @Test
  void aTransformWithoutCredentialStoreRefusesKeyedColumns() {
    assertThatThrownBy(() -> new DatasetTransform(spark, zones)
        .transform(client, "leads", Optional.empty(), Optional.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Cannot transform dataset acme.leads: column email is anonymized with"
            + " hmac_sha256, whose key comes from the credential store: give the transform a"
            + " CredentialStore: lead_hmac");
    assertThat(root.resolve("curated")).doesNotExist();
  }

  private void assertNoPersonalData(String text, String where) {
    List<String> found = new ArrayList<>();
    for (List<String> values : List.of(emails, ips, phones, names)) {
      values.stream().filter(value -> text.contains(value)
          || text.contains(value.toLowerCase(java.util.Locale.ROOT))).forEach(found::add);
    }
    // the local part alone is personal too
    emails.stream().map(email -> email.substring(0, email.indexOf('@')))
        .filter(local -> text.toLowerCase(java.util.Locale.ROOT)
            .contains(local.toLowerCase(java.util.Locale.ROOT)))
        .forEach(found::add);
    if (text.contains(KEY)) {
      found.add("the HMAC key");
    }
    assertThat(found).as("personal data in the " + where).isEmpty();
  }

  private static String middle(String token) {
    return token.substring(2, token.length() - 2);
  }

  private static String token(Random random, int length) {
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < length; i++) {
      token.append("0123456789abcdefghijklmnopqrstuvwxyz".charAt(random.nextInt(36)));
    }
    return token.toString();
  }

  private static byte[] allBytes(Path... folders) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Path folder : folders) {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          out.write(Files.readAllBytes(file));
        }
      }
    }
    return out.toByteArray();
  }

  @Test
  void erasureRemovesOnePersonFromEveryZoneAndNothingElse() throws IOException {
    new DatasetTransform(spark, zones, credentials).transform(client, "leads", Optional.empty(),
        Optional.empty());
    // person 1's row is curated, person 0's is quarantined (spend is not a number)
    List<String> erased = List.of(emails.get(1), emails.get(0));
    List<String> hashes = erased.stream().map(email -> PersonalData.hmac(
        KEY.getBytes(StandardCharsets.UTF_8), email.toLowerCase(java.util.Locale.ROOT))).toList();
    List<String> curatedRest = rowsWithout(TestingTables.read(spark,
        zones.curated("acme", "leads")), hashes);
    List<String> quarantinedRest = rowsWithout(TestingTables.read(spark,
        zones.quarantine("acme", "leads")), hashes);
    assertThat(bytesUnder(root)).contains(hashes.get(0)).contains(hashes.get(1));
    Path csv = root.resolve("curated/acme/leads/_csv");
    assertThat(bytesUnder(csv)).as("the CSV copy holds the curated person").contains(hashes
        .get(0));
    long csvLines = bytesUnder(csv).lines().filter(line -> line.matches(".*[0-9a-f]{64}.*"))
        .count();

    List<SubjectErasure.Subject> subjects = erased.stream()
        .map(email -> SubjectErasure.Subject.parse("email=" + email)).toList();
    List<RawErasure.PageResult> pages = new RawErasure(zones,
        spark.sparkContext().hadoopConfiguration()).erase(client, subjects, "erasure-1", false);
    List<SubjectErasure.TableResult> tables = new SubjectErasure(spark, zones, credentials)
        .erase(client, subjects, false);

    assertThat(pages).extracting(RawErasure.PageResult::recordsRemoved).containsExactly(2);
    assertThat(tables).extracting(SubjectErasure.TableResult::table,
            SubjectErasure.TableResult::rowsDeleted)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("curated.acme.leads", 1L),
            org.assertj.core.groups.Tuple.tuple("quarantine.acme.leads", 1L));
    // every file under the data folder: no plaintext, no keyed hash (gzip pages unpacked)
    String everything = bytesUnder(root);
    for (int i = 0; i < erased.size(); i++) {
      assertThat(everything).doesNotContainIgnoringCase(erased.get(i))
          .doesNotContain(hashes.get(i));
    }
    // the other people are all there, unchanged
    assertThat(rowsWithout(TestingTables.read(spark, zones.curated("acme", "leads")), hashes))
        .isEqualTo(curatedRest);
    assertThat(rowsWithout(TestingTables.read(spark, zones.quarantine("acme", "leads")),
        hashes)).isEqualTo(quarantinedRest);
    assertThat(everything).contains(emails.get(2)).contains(PersonalData.hmac(
        KEY.getBytes(StandardCharsets.UTF_8), emails.get(2).toLowerCase(java.util.Locale.ROOT)));
    assertThat(bytesUnder(csv).lines().filter(line -> line.matches(".*[0-9a-f]{64}.*")).count())
        .as("the CSV copy lost exactly the erased curated row").isEqualTo(csvLines - 1);
    // the manifest names the redaction and the page's new checksum
    String manifest = everything.substring(everything.indexOf("\"redactions\""));
    assertThat(manifest).contains("\"records_removed\" : 2").contains("erasure-1");

    // a second erasure of the same people finds nothing more (idempotent)
    assertThat(new SubjectErasure(spark, zones, credentials).erase(client, subjects, true))
        .allSatisfy(table -> assertThat(table.rowsDeleted()).isZero());
  }

  @Test
  void anErasureKilledBetweenItsManifestAndItsPageCompletesWhenRerun() throws Exception {
    Path run = Path.of(zones.rawRun("acme", "meta", "insights", JAN_1, RUN));
    Path page;
    try (Stream<Path> files = Files.list(run)) {
      page = files.filter(file -> file.toString().endsWith(".json.gz")).findFirst()
          .orElseThrow();
    }
    byte[] original = Files.readAllBytes(page);
    List<SubjectErasure.Subject> subjects = List.of(SubjectErasure.Subject.parse("email="
        + emails.get(1)));
    RawErasure raw = new RawErasure(zones, spark.sparkContext().hadoopConfiguration());
    raw.erase(client, subjects, "erasure-1", false);
    // what a kill right after the manifest's replacement leaves: the manifest says what the
    // page was about to become, the page is still the original
    Files.write(page, original);

    assertThat(raw.erase(client, subjects, "erasure-1", false))
        .extracting(RawErasure.PageResult::recordsRemoved).containsExactly(1);
    byte[] text;
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(page))) {
      text = in.readAllBytes();
    }
    var entry = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(run.resolve("_manifest.json").toFile()).get("pages").get(0);
    assertThat(entry.get("records").asLong()).isEqualTo(emails.size() - 1);
    assertThat(entry.get("sha256").asText()).isEqualTo(java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(text)));
    assertThat(new String(text, StandardCharsets.UTF_8)).doesNotContain(emails.get(1))
        .contains(emails.get(2));
    assertThat(run).isDirectoryNotContaining("glob:**/_erasure-*");
    // the transform's reconciliation of page and manifest counts holds
    TransformResult result = new DatasetTransform(spark, zones, credentials).transform(client,
        "leads", Optional.empty(), Optional.empty());
    assertThat(result.rowsRead()).isEqualTo(emails.size() - 1);
  }

  /** The rows as text, sorted, without those holding one of the values. */
  private static List<String> rowsWithout(org.apache.spark.sql.Dataset<Row> rows,
      List<String> values) {
    return rows.collectAsList().stream().map(Row::toString)
        .filter(row -> values.stream().noneMatch(row::contains)).sorted().toList();
  }

  /** The bytes of every file under a folder as ISO-8859-1 text, gzip files unpacked. */
  private static String bytesUnder(Path folder) throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        if (file.toString().endsWith(".gz")) {
          try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(
              bytes))) {
            bytes = in.readAllBytes();
          }
        }
        text.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return text.toString();
  }
}
