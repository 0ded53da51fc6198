package io.dif.transform;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.zone.ZoneLayout;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quarantine of pages with bytes that are not valid UTF-8, UTF-16 pages and bad rows is
 * read by another Parquet reader than Spark: DuckDB's {@code read_parquet} (which refuses
 * strings that are not valid UTF-8) reads every quarantined row, its reason and its record.
 */
class QuarantineReadersTest {
  private static final String CONFIG = """
      version: 1
      client: acme
      sources:
        files:
          base_url: https://files.example.com
          streams:
            lines: { request: { path: /lines }, format: json_lines }
            csv: { request: { path: /csv }, format: csv }
      datasets:
        lines:
          from: files.lines
          format: json_lines
          columns:
            - { name: id, type: int, required: true }
            - { name: name, type: string }
            - { name: clicks, type: int }
          destination: { table: t.lines, mode: append }
        csv:
          from: files.csv
          format: csv
          columns:
            - { name: id, type: int, required: true }
            - { name: name, type: string }
            - { name: clicks, type: int }
          destination: { table: t.csv, mode: append }
      """;

  @TempDir
  Path root;

  @Test
  void duckDbReadsTheQuarantineOfBadBytesUtf16PagesAndBadRows() throws Exception {
    ZoneLayout zones = new ZoneLayout(root.toString());
    ClientConfig client = new ClientConfigLoader().parse("acme.yaml", CONFIG);
    LocalDate dt = LocalDate.parse("2024-01-01");
    String run = "20240102T060000Z-0001";
    // UTF-8 lines: one holds a byte that is no UTF-8 (Latin-1 "é"), one a value of a bad type
    ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
    utf8.writeBytes("{\"id\":\"1\",\"name\":\"Crème\",\"clicks\":\"3\"}\n".getBytes(UTF_8));
    utf8.writeBytes("{\"id\":\"2\",\"name\":\"caf".getBytes(UTF_8));
    utf8.write(0xE9);
    utf8.writeBytes("\",\"clicks\":\"4\"}\n".getBytes(UTF_8));
    utf8.writeBytes("{\"id\":\"3\",\"name\":\"Zoë\",\"clicks\":\"many\"}\n".getBytes(UTF_8));
    // UTF-16 little endian with its byte-order mark: one good line, one bad
    ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
    utf16.write(0xFF);
    utf16.write(0xFE);
    utf16.writeBytes(("{\"id\":\"4\",\"name\":\"über\",\"clicks\":\"5\"}\n"
        + "{\"id\":\"ünf\",\"name\":\"Ådne\",\"clicks\":\"6\"}\n")
        .getBytes(StandardCharsets.UTF_16LE));
    new TestingRawZone(zones, "acme", "files", "lines").run(dt, run)
        .file("jsonl", utf8.toByteArray()).file("jsonl", utf16.toByteArray()).commit();
    // CSV in UTF-16 big endian with its mark, and a CSV row with a byte that is no UTF-8
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    csv.writeBytes("id,name,clicks\n7,ok,1\n8,na".getBytes(UTF_8));
    csv.write(0xFF);
    csv.writeBytes("me,2\n9,Łukasz,x\n".getBytes(UTF_8));
    ByteArrayOutputStream csv16 = new ByteArrayOutputStream();
    csv16.write(0xFE);
    csv16.write(0xFF);
    csv16.writeBytes("id,name,clicks\n10,Öl,y\n11,Øre,7\n".getBytes(StandardCharsets.UTF_16BE));
    new TestingRawZone(zones, "acme", "files", "csv").run(dt, run)
        .file("csv", csv.toByteArray()).file("csv", csv16.toByteArray()).commit();

    DatasetTransform transform = new DatasetTransform(TestingSpark.session(), zones);
    TransformResult lines = transform.transform(client, "lines", Optional.empty(),
        Optional.empty());
    TransformResult csvResult = transform.transform(client, "csv", Optional.empty(),
        Optional.empty());
    assertThat(List.of(lines.rowsRead(), lines.rowsCurated(), lines.rowsQuarantined()))
        .containsExactly(5L, 2L, 3L);
    assertThat(List.of(csvResult.rowsRead(), csvResult.rowsCurated(),
        csvResult.rowsQuarantined())).containsExactly(5L, 2L, 3L);

    assertThat(duckDb(zones.quarantine("acme", "lines"))).containsExactly(
        tuple("page-00000.jsonl", "record has bytes that are not valid UTF-8", null),
        tuple("page-00000.jsonl", "column clicks: cannot convert \"many\" to int",
            "{\"id\":\"3\",\"name\":\"Zoë\",\"clicks\":\"many\"}"),
        tuple("page-00001.jsonl", "column id: cannot convert \"ünf\" to int",
            "{\"id\":\"ünf\",\"name\":\"Ådne\",\"clicks\":\"6\"}"));
    assertThat(duckDb(zones.quarantine("acme", "csv"))).containsExactly(
        tuple("page-00000.csv", "record has bytes that are not valid UTF-8", null),
        tuple("page-00000.csv", "column clicks: cannot convert \"x\" to int",
            "{\"id\":\"9\",\"name\":\"Łukasz\",\"clicks\":\"x\"}"),
        tuple("page-00001.csv", "column clicks: cannot convert \"y\" to int",
            "{\"id\":\"10\",\"name\":\"Öl\",\"clicks\":\"y\"}"));
  }

  @Test
  void duckDbRefusesParquetStringsThatAreNotUtf8() {
    // the control: what the quarantine held before its text was made valid UTF-8
    String folder = root.resolve("invalid").toString();
    TestingSpark.session().sql("SELECT 'page-00000.jsonl' AS page, 'bad' AS reason,"
            + " CAST(X'7B22C328227D' AS STRING) AS record, 0 AS position")
        .write().parquet(folder);
    assertThatThrownBy(() -> duckDb(folder)).isInstanceOf(SQLException.class)
        .hasMessageContaining("is not valid UTF8");
  }

  /** Page, reason and record of every quarantined row, as DuckDB reads the Parquet files. */
  private static List<Tuple> duckDb(String quarantine) throws Exception {
    List<Tuple> rows = new ArrayList<>();
    try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duckDb.createStatement();
        ResultSet result = statement.executeQuery("SELECT page, reason, record FROM"
            + " read_parquet('" + quarantine + "/**/*.parquet', union_by_name = true)"
            + " ORDER BY page, position")) {
      while (result.next()) {
        rows.add(tuple(result.getString(1), result.getString(2), result.getString(3)));
      }
    }
    return rows;
  }
}
