package io.dif.transform;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.zone.ZoneLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
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
 * CSV, JSON Lines, XML and zip pages shaped as the platforms send them, with malformed pages
 * and records of each kind next to good ones: the good rows are curated, the others
 * quarantined with their reason, and the counts add up per page.
 */
class RawFormatsTest {
  private static final LocalDate JAN_1 = LocalDate.parse("2024-01-01");
  private static final String RUN = "20240102T060000Z-0001";

  private final SparkSession spark = TestingSpark.session();

  @TempDir
  Path root;
  private ZoneLayout zones;

  @BeforeEach
  void setUp() {
    zones = new ZoneLayout(root.toString());
  }

  private static ClientConfig config(String format, String settings, String columns,
      String key) {
    return new ClientConfigLoader().parse("acme.yaml", """
        version: 1
        client: acme
        sources:
          reports:
            base_url: https://reports.example.com
            streams:
              ads:
                request: { path: /ads }
        datasets:
          ads:
            from: reports.ads
            format: %s
        %s
            columns:
        %s
            key: [%s]
            destination: { table: marketing.ads }
        """.formatted(format, settings.indent(4), columns.indent(6), key));
  }

  private TestingRawZone.Run run() {
    return new TestingRawZone(zones, "acme", "reports", "ads").run(JAN_1, RUN);
  }

  private TransformResult transform(ClientConfig client) {
    TransformResult result = new DatasetTransform(spark, zones).transform(client, "ads",
        Optional.empty(), Optional.empty());
    assertThat(result.rowsRead()).isEqualTo(result.rowsCurated() + result.rowsQuarantined()
        + result.duplicatesRemoved());
    assertThat(result.documents()).allSatisfy(page -> assertThat(page.rowsRead())
        .isEqualTo(page.rowsCurated() + page.rowsQuarantined() + page.duplicatesRemoved()));
    assertThat(result.documents().stream().mapToLong(DocumentOutcome::rowsRead).sum())
        .isEqualTo(result.rowsRead());
    return result;
  }

  private List<Row> curated() {
    return TestingTables.read(spark, zones.curated("acme", "ads")).orderBy("ad_id").collectAsList();
  }

  private List<Row> quarantined() {
    return TestingTables.read(spark, zones.quarantine("acme", "ads")).orderBy("page", "position")
        .collectAsList();
  }

  // Microsoft Advertising report download: report header lines, a blank line, the column
  // header, rows, and a copyright footer; numbers and ids quoted.
  private static final String MICROSOFT_ADS_REPORT = """
      "Report Name: Ad Performance Report"
      "Report Time: 1/1/2024"
      "Time Zone: (GMT-08:00) Pacific Time (US & Canada); Tijuana"
      "Last Completed Available Day: 1/2/2024 10:20:00 AM (GMT-08:00) Pacific Time (US & Canada); Tijuana"
      "Rows: 5"

      "TimePeriod","AccountId","CampaignId","AdId","Impressions","Clicks","Spend","CurrencyCode"
      "2024-01-01","149000001","410000001","7800000001","1200","34","12.34","USD"
      "2024-01-01","149000001","410000001","7800000002","800","3","1,234.50","USD"
      "2024-01-01","149000001","410000001","7800000003","12","1"
      "2024-01-01","149000001","410000001","7800000004","x","1","0.10","USD"
      "2024-01-01","149000001","410000002","7800000005","5","0","0.00","USD","extra"

      "©2024 Microsoft Corporation. All rights reserved. "
      """;

  private static final String MICROSOFT_ADS_COLUMNS = """
      - { name: ad_id, type: string, source: AdId, required: true }
      - { name: campaign_id, type: string, source: CampaignId }
      - { name: day, type: date, source: TimePeriod, required: true }
      - { name: impressions, type: long, source: Impressions }
      - { name: spend, type: "decimal(18,2)", source: Spend }
      """;

  @Test
  void readsMicrosoftAdvertisingCsvWithHeaderAndFooterLines() {
    ClientConfig client = config("csv", "csv: { skip_lines: 6, skip_footer_lines: 1 }",
        MICROSOFT_ADS_COLUMNS, "ad_id, day");
    run().file("csv.gz", gzip(MICROSOFT_ADS_REPORT.getBytes(UTF_8))).commit();

    TransformResult result = transform(client);

    assertThat(result.documents()).containsExactly(new DocumentOutcome("reports", "ads", JAN_1,
        RUN, "page-00000.csv.gz", 5, 1, 4, 0));
    assertThat(curated()).extracting(row -> row.getString(0), row -> row.getString(1),
            row -> row.getDate(2).toString(), row -> row.get(3), row -> row.getDecimal(4))
        .containsExactly(
            tuple("7800000001", "410000001", "2024-01-01", 1200L, new BigDecimal("12.34")));
    assertThat(quarantined()).extracting(row -> row.getAs("position"),
            row -> row.getAs("reason"))
        .containsExactly(
            tuple(1, "column spend: cannot convert \"1,234.50\" to decimal(18,2)"),
            tuple(2, "row has 6 fields but the header has 8"),
            tuple(3, "column impressions: cannot convert \"x\" to long"),
            tuple(4, "row has 9 fields but the header has 8"));
    // a row that no column can read stays in the raw zone only; page and position point to it
    assertThat(quarantined().get(1).<String>getAs("record")).isNull();
  }

  @Test
  void readsZipArchivesOfCsvEntryByEntryAndRejectsZipBombs() {
    ClientConfig client = config("csv", "csv: { delimiter: \";\" }", """
        - { name: ad_id, type: string, required: true }
        - { name: clicks, type: int }
        """, "ad_id");
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("reports/part-1.csv", "ad_id;clicks\n1;10\n2;20\n".getBytes(UTF_8));
    entries.put("reports/part-2.csv", "ad_id;clicks\n3;\"3\"\"0\"\n4;40\n".getBytes(UTF_8));
    byte[] zeros = new byte[8 << 20];
    Map<String, byte[]> bomb = new LinkedHashMap<>();
    bomb.put("a.csv", "ad_id;clicks\n9;90\n".getBytes(UTF_8));
    bomb.put("b.csv", zeros);
    run().file("zip", zip(entries)).file("zip", zip(bomb)).file("zip", new byte[0]).commit();

    TransformResult result = transform(client);

    assertThat(curated()).extracting(row -> row.getString(0), row -> row.get(1))
        .containsExactly(tuple("1", 10), tuple("2", 20), tuple("4", 40));
    assertThat(quarantined()).extracting(row -> row.getAs("page"), row -> row.getAs("reason"),
            row -> row.getAs("record"))
        .containsExactly(
            tuple("page-00000.zip", "column clicks: cannot convert \"3\"0\" to int",
                "{\"ad_id\":\"3\",\"clicks\":\"3\\\"0\"}"),
            tuple("page-00001.zip", "page rejected: archive expands more than 200 times its "
                + zip(bomb).length + " bytes (archive.max_compression_ratio)", null),
            tuple("page-00002.zip", "page is empty", null));
    assertThat(result.documents()).extracting(DocumentOutcome::rowsRead)
        .containsExactly(4L, 1L, 1L);
  }

  @Test
  void rejectsPagesOverTheUncompressedLimit() {
    ClientConfig client = config("json_lines", "archive: { max_uncompressed_bytes: 100 }", """
        - { name: ad_id, type: string, required: true }
        """, "ad_id");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      lines.append("{\"ad_id\":\"").append(i).append("\"}\n");
    }
    run().file("jsonl.gz", gzip(lines.toString().getBytes(UTF_8))).commit();

    TransformResult result = transform(client);

    assertThat(result.rowsCurated()).isZero();
    assertThat(quarantined()).extracting(row -> row.getAs("reason"))
        .containsExactly("page rejected: archive expands beyond 100 bytes"
            + " (archive.max_uncompressed_bytes)");
  }

  @Test
  void readsJsonLinesAndKeepsTheGoodLinesOfATruncatedPage() {
    ClientConfig client = config("json_lines", "", """
        - { name: ad_id, type: string, required: true }
        - { name: clicks, type: int, source: metrics.clicks }
        """, "ad_id");
    String good = """
        {"ad_id": "1", "metrics": {"clicks": "10"}}
        {"ad_id": "2", "metrics": {"clicks": 20}}
        {"ad_id": "3", "metrics": {"clicks":
        ["not", "an", "object"]
        """;
    StringBuilder truncated = new StringBuilder();
    for (int i = 10; i < 2000; i++) {
      truncated.append("{\"ad_id\": \"").append(i).append("\", \"metrics\": {\"clicks\": ")
          .append(i).append("}}\n");
    }
    byte[] whole = gzip(truncated.toString().getBytes(UTF_8));
    run().file("jsonl.gz", gzip(good.getBytes(UTF_8)))
        .file("jsonl.gz", Arrays.copyOf(whole, whole.length / 2))
        .commit();

    TransformResult result = transform(client);

    List<Row> bad = quarantined();
    assertThat(bad).extracting(row -> row.getAs("page"), row -> row.getAs("position"))
        .startsWith(tuple("page-00000.jsonl.gz", 2), tuple("page-00000.jsonl.gz", 3));
    assertThat(bad.get(0).<String>getAs("reason")).startsWith("line is not JSON: ");
    assertThat(bad.get(1).<String>getAs("reason")).isEqualTo("record is not a JSON object");
    assertThat(bad).hasSize(3);
    assertThat(bad.get(2).<String>getAs("reason"))
        .matches("page breaks off after [0-9]+ records: EOFException: .*");
    DocumentOutcome truncatedPage = result.documents().get(1);
    assertThat(truncatedPage.rowsQuarantined()).isEqualTo(1);
    assertThat(truncatedPage.rowsCurated()).isEqualTo(truncatedPage.rowsRead() - 1)
        .isGreaterThan(100);
    assertThat(curated()).extracting(row -> row.getString(0)).contains("1", "2", "10");
  }

  @Test
  void quarantinesTheRestOfAPageWhoseBytesAreNotValidInItsEncoding() {
    ClientConfig utf8 = config("csv", "", """
        - { name: ad_id, type: string, required: true }
        - { name: name, type: string }
        """, "ad_id");
    ByteArrayOutputStream page = new ByteArrayOutputStream();
    page.writeBytes("ad_id,name\n1,Crème\n2,".getBytes(UTF_8));
    page.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28}); // not UTF-8
    page.writeBytes("\n3,ok\n".getBytes(UTF_8));
    run().file("csv", page.toByteArray())
        .file("csv", "ad_id,name\n4,Crème\n".getBytes(ISO_8859_1)).commit();

    transform(utf8);

    assertThat(curated()).extracting(row -> row.getString(0), row -> row.getString(1))
        .containsExactly(tuple("1", "Crème"), tuple("3", "ok"));
    assertThat(quarantined()).extracting(row -> row.getAs("page"), row -> row.getAs("position"),
            row -> row.getAs("reason"))
        .containsExactly(
            tuple("page-00000.csv", 1, "record has bytes that are not valid UTF-8"),
            tuple("page-00001.csv", 0, "record has bytes that are not valid UTF-8"));
  }

  @Test
  void readsLatin1CsvWhenConfigured() {
    ClientConfig latin1 = config("csv", "csv: { encoding: ISO-8859-1 }", """
        - { name: ad_id, type: string, required: true }
        - { name: name, type: string }
        """, "ad_id");
    run().file("csv", "ad_id,name\n4,Crème brûlée\n".getBytes(ISO_8859_1)).commit();

    transform(latin1);

    assertThat(curated()).extracting(row -> row.getString(1)).containsExactly("Crème brûlée");
  }

  @Test
  void readsXmlRecordsWithAttributesAndNestedElements() {
    ClientConfig client = config("xml", "xml: { row_tag: Ad }", """
        - { name: ad_id, type: string, source: _id, required: true }
        - { name: day, type: date, source: _date }
        - { name: clicks, type: int, source: Metrics.Clicks }
        - { name: cost, type: "decimal(12,2)", source: Metrics.Cost }
        """, "ad_id");
    String report = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Report name="ad_performance" generated="2024-01-02T10:00:00Z">
          <Ads>
            <Ad id="7800000001" date="2024-01-01"><Metrics><Clicks>34</Clicks>
              <Cost>12.34</Cost></Metrics></Ad>
            <Ad id="7800000002" date="2024-01-01"><Metrics><Clicks>many</Clicks>
              <Cost>1.00</Cost></Metrics></Ad>
            <Ad id="7800000003" date="2024-01-01"><Metrics><Clicks>3</Clicks>
              <Cost>0.30</Cost></Metrics></Ad>
          </Ads>
        </Report>
        """;
    run().file("xml", report.getBytes(UTF_8))
        .file("xml.gz", gzip("<Report><Ad id=\"7800000009\"><Metrics><Clicks>1</Clicks>"
            .getBytes(UTF_8)))
        .commit();

    TransformResult result = transform(client);

    assertThat(curated()).extracting(row -> row.getString(0), row -> row.getDate(1).toString(),
            row -> row.get(2), row -> row.getDecimal(3))
        .containsExactly(
            tuple("7800000001", "2024-01-01", 34, new BigDecimal("12.34")),
            tuple("7800000003", "2024-01-01", 3, new BigDecimal("0.30")));
    List<Row> bad = quarantined();
    assertThat(bad.get(0).<String>getAs("reason"))
        .isEqualTo("column clicks: cannot convert \"many\" to int");
    assertThat(bad.get(0).<String>getAs("record"))
        .isEqualTo("{\"ad_id\":\"7800000002\",\"day\":\"2024-01-01\",\"clicks\":\"many\","
            + "\"cost\":\"1.00\"}");
    assertThat(bad.get(1).<String>getAs("reason"))
        .startsWith("page breaks off after 0 records: ");
    assertThat(result.documents()).extracting(DocumentOutcome::rowsRead)
        .containsExactly(3L, 1L);
  }

  @Test
  void rejectsXmlEntityExpansionAndNeverResolvesExternalEntities() {
    ClientConfig client = config("xml", "xml: { row_tag: Ad }", """
        - { name: ad_id, type: string, source: _id, required: true }
        - { name: name, type: string, source: Name }
        """, "ad_id");
    StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
        + " <!ENTITY lol \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
      laughs.append(" <!ENTITY lol").append(i).append(" \"")
          .append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">\n");
    }
    laughs.append("]>\n<Report><Ad id=\"1\"><Name>&lol9;</Name></Ad></Report>\n");
    String external = """
        <?xml version="1.0"?>
        <!DOCTYPE Report [ <!ENTITY secret SYSTEM "file:///etc/hostname"> ]>
        <Report><Ad id="2"><Name>&secret;</Name></Ad></Report>
        """;
    run().file("xml", laughs.toString().getBytes(UTF_8))
        .file("xml", external.getBytes(UTF_8))
        .file("xml", "<Report><Ad id=\"3\"><Name>fine</Name></Ad></Report>".getBytes(UTF_8))
        .commit();

    transform(client);

    assertThat(curated()).extracting(row -> row.getString(0), row -> row.getString(1))
        .containsExactly(tuple("3", "fine"));
    String rejected = "page rejected: XML document type declarations are not allowed"
        + " (entities are never expanded or resolved)";
    assertThat(quarantined()).extracting(row -> row.getAs("reason"), row -> row.getAs("record"))
        .containsExactly(tuple(rejected, null), tuple(rejected, null));
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
