package io.dif.transform;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.CredentialStore;
import io.dif.core.credential.Secret;
import io.dif.core.zone.ZoneLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real and hostile files: exact numbers, encodings, per-record recovery, archive bombs, pages
 * that break off, personal data in quarantine, values from the request context and prepared
 * before typing, and Apache Spark's and spark-xml's own malformed test files (copies under
 * {@code peers/}, see its NOTICE), which must reconcile exactly: rows in = curated +
 * quarantined, for every page.
 */
class RealFilesTest {
  private static final LocalDate JAN_1 = LocalDate.parse("2024-01-01");
  private static final String RUN = "20240102T060000Z-0001";
  private static final String KEY = "k3y-0f-r3al-f1les";
  private static final long TWO_GIB = 2L << 30;

  private final SparkSession spark = TestingSpark.session();
  private final CredentialStore credentials = (client, name) -> Secret.of(KEY);

  @TempDir
  Path root;
  private ZoneLayout zones;

  @BeforeEach
  void setUp() {
    zones = new ZoneLayout(root.toString());
  }

  private static final String CONFIG = """
      version: 1
      client: acme
      sources:
        files:
          base_url: https://files.example.com
          streams:
            profiles:
              request: { path: /profiles }
              records: ""
            json: { request: { path: /json }, records: /data }
            csv: { request: { path: /csv } }
            cars: { request: { path: /cars } }
            lines: { request: { path: /lines } }
            xml: { request: { path: /xml } }
            leads: { request: { path: /leads } }
            report:
              for_each: { stream: profiles, bind: { profile_id: /profileId } }
              request: { path: "/report/{profile_id}" }
              records: /rows
      datasets:
        json:
          from: files.json
          columns:
            - { name: id, type: long, required: true }
            - { name: amount, type: "decimal(22,4)" }
            - { name: price, type: "decimal(10,2)" }
            - { name: name, type: string }
          destination: { table: t.json, mode: append }
        csv:
          from: files.csv
          format: csv
          csv: { header_starts_with: id, footer_starts_with: "©" }
          columns:
            - { name: id, type: string, required: true }
            - { name: name, type: string }
            - { name: second_name, type: string, source: name_2 }
            - { name: note, type: string, source: _c3 }
            - { name: clicks, type: int }
          destination: { table: t.csv, mode: append }
        cars:
          from: files.cars
          format: csv
          csv: { header_starts_with: year }
          columns:
            - { name: year, type: int }
            - { name: make, type: string }
          destination: { table: t.cars, mode: append }
        csv_peers:
          from: files.csv
          format: csv
          columns:
            - { name: make, type: string }
            - { name: fruit, type: string }
            - { name: price, type: int }
          destination: { table: t.csv_peers, mode: append }
        lines:
          from: files.lines
          format: json_lines
          columns:
            - { name: a, type: int }
            - { name: year, type: int }
            - { name: make, type: string }
          destination: { table: t.lines, mode: append }
        xml:
          from: files.xml
          format: xml
          xml: { row_tag: ROW }
          columns:
            - { name: cost, type: int }
            - { name: make, type: string }
          destination: { table: t.xml, mode: append }
        leads:
          from: files.leads
          format: json_lines
          columns:
            - { name: lead_id, type: string, required: true }
            - name: email
              type: string
              text_case: lower
              anonymize: { method: hmac_sha256, key: lead_hmac }
            - { name: clicks, type: int }
          destination: { table: t.leads, mode: append }
        report:
          from: files.report
          columns:
            - { name: profile_id, type: long, from_context: profile_id, required: true }
            - { name: day, type: date, from_context: window_start }
            - { name: ctr, type: "decimal(10,6)", strip_suffix: "%", divide_by: "100" }
            - { name: budget, type: "decimal(12,2)", source: daily_budget, divide_by: "100" }
            - { name: cost, type: "decimal(18,6)", source: cost_micros, divide_by: "1000000" }
            - { name: clicks, type: int, map_values: { "--": "" } }
          destination: { table: t.report, mode: append }
      """;

  private final ClientConfig client = new ClientConfigLoader().parse("acme.yaml", CONFIG);

  private TestingRawZone.Run run(String stream) {
    return new TestingRawZone(zones, "acme", "files", stream).run(JAN_1, RUN);
  }

  private TransformResult transform(String dataset) {
    TransformResult result = new DatasetTransform(spark, zones, credentials).transform(client,
        dataset, Optional.empty(), Optional.empty());
    assertThat(result.documents()).allSatisfy(page -> assertThat(page.rowsRead())
        .isEqualTo(page.rowsCurated() + page.rowsQuarantined() + page.duplicatesRemoved()));
    return result;
  }

  private List<Row> curated(String dataset) {
    return TestingTables.read(spark, zones.curated("acme", dataset)).collectAsList();
  }

  private List<Row> quarantined(String dataset) {
    return TestingTables.read(spark, zones.quarantine("acme", dataset)).orderBy("page", "position")
        .collectAsList();
  }

  @Test
  void jsonPagesKeepExactNumbersReadEveryEncodingAndRefuseAGzipBomb() {
    String page = "{\"data\":[{\"id\":9007199254740993,\"amount\":123456789012345678.1234,"
        + "\"price\":1.5,\"name\":\"a\"},{\"id\":2,\"amount\":0.5,\"price\":1.234,"
        + "\"name\":\"b\"}]}";
    byte[] utf16 = concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
        "{\"data\":[{\"id\":3,\"name\":\"Crème\"},{\"id\":4,\"name\":\"ü\"}]}"
            .getBytes(StandardCharsets.UTF_16LE));
    byte[] utf8Bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        "{\"data\":[{\"id\":5,\"name\":\"é\"}]}".getBytes(UTF_8));
    byte[] bomb = gzipOfZeros(TWO_GIB);
    run("json").page(page).file("json", utf16, 2).file("json", utf8Bom, 1)
        .file("json.gz", bomb, 0).commit();

    TransformResult result = transform("json");

    assertThat(curated("json")).extracting(row -> row.get(0), row -> row.get(1),
            row -> row.get(3))
        .containsExactlyInAnyOrder(
            tuple(9007199254740993L, new BigDecimal("123456789012345678.1234"), "a"),
            tuple(3L, null, "Crème"), tuple(4L, null, "ü"), tuple(5L, null, "é"));
    assertThat(quarantined("json")).extracting(row -> row.getAs("page"),
            row -> row.getAs("reason"))
        .containsExactly(
            tuple("page-00000.json.gz",
                "column price: \"1.234\" has more decimal places than decimal(10,2) keeps"),
            tuple("page-00003.json.gz", "page rejected: archive expands more than 200 times"
                + " its " + bomb.length + " bytes (archive.max_compression_ratio)"));
    assertThat(result.documents()).extracting(DocumentOutcome::rowsRead)
        .containsExactly(2L, 2L, 1L, 1L);
  }

  @Test
  void csvPagesRecoverPerRecordKeepTheRowsBeforeABreakAndRefuseAZipBomb() throws IOException {
    byte[] report = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, """
        "Report Name: Ad Performance Report"
        "Rows: 2"

        id,name,name,,clicks
        1,a,b,c,10
        2,d,e,f,20

        "©2024 Microsoft Corporation. All rights reserved."
        """.getBytes(UTF_8));
    Map<String, byte[]> inner = new LinkedHashMap<>();
    inner.put("a.csv", "id,name,name,,clicks\nz,1,2,3,4\n".getBytes(UTF_8));
    Map<String, byte[]> outer = new LinkedHashMap<>();
    outer.put("inner.zip", RawFormatsTest.zip(inner));
    outer.put("b.csv", "id,name,name,,clicks\n3,g,h,i,30\n".getBytes(UTF_8));
    byte[] bomb = zipOfZeros("bomb.csv", TWO_GIB);
    TestingRawZone.Run run = new TestingRawZone(zones, "acme", "files", "csv").run(JAN_1, RUN);
    run.file("csv", report);
    // 1,004 complete rows, then the stream is cut inside row 1,005 (no gzip trailer)
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    try (OutputStream gzip = new GZIPOutputStream(again, true)) {
      gzip.write("id,name,name,,clicks\n".getBytes(UTF_8));
      for (int i = 1; i <= 1004; i++) {
        gzip.write(("r" + i + ",n,m,o," + i + "\n").getBytes(UTF_8));
      }
      gzip.write("r1005,n,m".getBytes(UTF_8));
      gzip.flush();
      run.file("csv.gz", again.toByteArray());
    }
    run.file("zip", RawFormatsTest.zip(outer)).file("zip", bomb).commit();

    TransformResult result = transform("csv");

    List<Row> curated = curated("csv");
    assertThat(curated).hasSize(2 + 1004 + 1);
    assertThat(curated).extracting(row -> row.getString(0), row -> row.getString(1),
            row -> row.getString(2), row -> row.getString(3), row -> row.get(4))
        .contains(tuple("1", "a", "b", "c", 10), tuple("2", "d", "e", "f", 20),
            tuple("r1004", "n", "m", "o", 1004), tuple("3", "g", "h", "i", 30));
    assertThat(quarantined("csv")).extracting(row -> row.getAs("page"),
            row -> row.getAs("position"), row -> row.getAs("reason"))
        .containsExactly(
            tuple("page-00001.csv.gz", 1004, "page breaks off after 1004 records:"
                + " EOFException: Unexpected end of ZLIB input stream"),
            tuple("page-00002.zip", 0,
                "entry inner.zip: archives inside archives are not read"),
            tuple("page-00003.zip", null, "page rejected: archive expands more than 200 times"
                + " its " + bomb.length + " bytes (archive.max_compression_ratio)"));
    assertThat(result.documents()).extracting(DocumentOutcome::rowsRead)
        .containsExactly(2L, 1005L, 2L, 1L);
  }

  @Test
  void quarantineHoldsOnlyWhatTheColumnsReadAnonymizedAsInCurated() {
    String lines = """
        {"lead_id":"1","email":"Alice.Smith@Example.com","Email":"Alice.Smith@Example.com","owner_email":"bob.owner@example.com","clicks":"1"}
        {"lead_id":"2","email":" Alice.Smith@Example.com ","Email":"Alice.Smith@Example.com","owner_email":"bob.owner@example.com","clicks":"x"}
        {"lead_id":"3","email":carol.jones@example.com}
        """;
    run("leads").file("jsonl", lines.getBytes(UTF_8)).commit();

    transform("leads");

    String hash = PersonalData.hmac(KEY.getBytes(UTF_8), "alice.smith@example.com");
    assertThat(curated("leads")).extracting(row -> row.getString(0), row -> row.getString(1))
        .containsExactly(tuple("1", hash));
    List<Row> bad = quarantined("leads");
    assertThat(bad).extracting(row -> row.getAs("record"))
        .containsExactly("{\"lead_id\":\"2\",\"email\":\"" + hash + "\",\"clicks\":\"x\"}",
            null);
    assertThat(bad.get(0).<String>getAs("reason"))
        .isEqualTo("column clicks: cannot convert \"x\" to int");
    assertThat(bad.get(1).<String>getAs("reason")).startsWith("line is not JSON: ")
        .doesNotContain("carol").doesNotContain("example");
  }

  @Test
  void columnsFromTheRequestContextAndValuesPreparedBeforeTyping() {
    String rows = "{\"rows\":[{\"ctr\":\"4.54%\",\"daily_budget\":\"12345\","
        + "\"cost_micros\":\"1234567\",\"clicks\":\"--\"},{\"ctr\":\"0.5%\","
        + "\"daily_budget\":\"100\",\"cost_micros\":\"1\",\"clicks\":\"7\"}]}";
    run("report").parent(Map.of("profile_id", "3000000000000001")).page(rows, 2)
        .parent(Map.of("profile_id", "3000000000000002")).page(
            "{\"rows\":[{\"ctr\":\"1%\",\"daily_budget\":\"1\",\"cost_micros\":\"0\"}]}", 1)
        .commit();

    transform("report");

    assertThat(curated("report")).extracting(row -> row.get(0), row -> row.getDate(1).toString(),
            row -> row.getDecimal(2), row -> row.getDecimal(3), row -> row.getDecimal(4),
            row -> row.get(5))
        .containsExactlyInAnyOrder(
            tuple(3000000000000001L, "2024-01-01", new BigDecimal("0.045400"),
                new BigDecimal("123.45"), new BigDecimal("1.234567"), null),
            tuple(3000000000000001L, "2024-01-01", new BigDecimal("0.005000"),
                new BigDecimal("1.00"), new BigDecimal("0.000001"), 7),
            tuple(3000000000000002L, "2024-01-01", new BigDecimal("0.010000"),
                new BigDecimal("0.01"), new BigDecimal("0.000000"), null));
  }

  @Test
  void peersMalformedTestFilesReconcileExactly() throws IOException {
    run("cars").file("csv", peer("spark/cars-malformed.csv")).commit();
    run("csv").file("csv", peer("spark/cars-blank-column-name.csv"))
        .file("csv", peer("spark/malformedRow.csv")).commit();
    run("lines").file("json", peer("spark/cars-malformed.json"))
        .file("json", peer("spark/malformed_utf8.json")).commit();
    byte[] bomXml = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, ("<?xml"
        + " version=\"1.0\" encoding=\"UTF-8\"?><ROWSET><ROW><cost>1</cost><make>A</make>"
        + "</ROW><ROW><cost>2</cost><make>B</mke></ROW><ROW><cost>3</cost><make>C</make>"
        + "</ROW></ROWSET>").getBytes(UTF_8));
    run("xml").file("xml", peer("spark-xml/cars-malformed.xml"))
        .file("xml", peer("spark-xml/cars-type-errors.xml")).file("xml", bomXml).commit();

    // rows in, counted from the files: data rows after the header, non-blank lines, elements
    assertThat(counts(transform("cars"))).containsExactly(List.of(3L, 1L, 2L));
    assertThat(counts(transform("csv_peers")))
        .containsExactly(List.of(2L, 2L, 0L), List.of(4L, 3L, 1L));
    assertThat(counts(transform("lines")))
        .containsExactly(List.of(nonBlankLines("spark/cars-malformed.json"), 0L,
            nonBlankLines("spark/cars-malformed.json")), List.of(3L, 2L, 1L));
    assertThat(counts(transform("xml")))
        .containsExactly(List.of(3L, 1L, 2L), List.of(3L, 2L, 1L), List.of(3L, 2L, 1L));
    assertThat(curated("xml")).extracting(row -> row.getAs("make"))
        .containsExactlyInAnyOrder("Chevy", "Tesla", "Chevy", "A", "C");
    assertThat(quarantined("xml")).extracting(row -> row.<String>getAs("reason"))
        .filteredOn(reason -> reason.startsWith("record is not well-formed XML: "))
        .hasSize(3);
  }

  /** Per page: rows read, curated, quarantined. */
  private static List<List<Long>> counts(TransformResult result) {
    return result.documents().stream().map(page -> List.of(page.rowsRead(),
        page.rowsCurated(), page.rowsQuarantined())).toList();
  }

  private static long nonBlankLines(String name) throws IOException {
    return new String(peer(name), UTF_8).lines().filter(line -> !line.isBlank()).count();
  }

  private static byte[] peer(String name) throws IOException {
    try (InputStream in = RealFilesTest.class.getResourceAsStream("/peers/" + name)) {
      return in.readAllBytes();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** A gzip of {@code bytes} zeros, written as a stream (never held expanded). */
  private static byte[] gzipOfZeros(long bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
      writeZeros(gzip, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A zip with one entry of {@code bytes} zeros, written as a stream. */
  private static byte[] zipOfZeros(String entry, long bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(entry));
      writeZeros(zip, bytes);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeZeros(OutputStream out, long bytes) throws IOException {
    byte[] zeros = new byte[1 << 20];
    for (long written = 0; written < bytes; written += zeros.length) {
      out.write(zeros, 0, (int) Math.min(zeros.length, bytes - written));
    }
  }
}
