package io.dif.load;

import static io.dif.load.CuratedFixtures.COLUMNS;
import static io.dif.load.CuratedFixtures.JAN_1;
import static io.dif.load.CuratedFixtures.JAN_2;
import static io.dif.load.CuratedFixtures.TWO_DAYS;
import static io.dif.load.CuratedFixtures.dataset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.config.DatasetConfig;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every loader promises, run against each warehouse: idempotent loads, exact types,
 * merge / replace semantics, schema growth, and a load broken inside its transaction leaving the
 * table as it was.
 */
abstract class LoaderContractTest {
  @TempDir
  Path folder;

  Path curated;

  /** A loader that runs {@code beforeCommit} inside each load's transaction. */
  abstract Loader loader(StagedLoad.BeforeCommit beforeCommit);

  /** A connection to read the warehouse with. */
  abstract Connection warehouse() throws SQLException;

  @BeforeEach
  void curatedFolder() {
    curated = folder.resolve("curated/acme/insights");
  }

  LoadResult load(DatasetConfig config, List<LocalDate> dates) {
    try (Loader loader = loader(StagedLoad.BeforeCommit.NONE)) {
      return loader.load(CuratedFixtures.batch(config, curated, dates));
    }
  }

  List<String> rows() throws SQLException {
    return rows("SELECT _client, ad_id, day, spend, seen_at, note, dt FROM dif_test.insights"
        + " ORDER BY _client, ad_id, day");
  }

  List<String> rows(String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = warehouse(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = switch (r.getMetaData().getColumnType(i)) {
            case java.sql.Types.DATE -> r.getObject(i, LocalDate.class);
            case java.sql.Types.TIMESTAMP -> r.getObject(i, LocalDateTime.class);
            case java.sql.Types.DECIMAL, java.sql.Types.NUMERIC -> r.getBigDecimal(i);
            default -> r.getString(i) == null ? null : "'" + r.getString(i) + "'";
          };
          values.add(String.valueOf(value));
        }
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }

  static String checksum(List<String> rows) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    rows.forEach(row -> sha.update((row + "\n").getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(sha.digest());
  }

  static final List<String> TWO_DAYS_ROWS = List.of(
      "'acme'|'a1'|2024-01-01|1.2345|2024-01-01T23:59:59.123456|''|2024-01-01",
      "'acme'|'a1'|2024-01-02|99999999999999.9999|2024-01-02T00:00|'tab\tline\nback\\N'|2024-01-02",
      "'acme'|'a2'|2024-01-01|0.0001|null|null|2024-01-01");

  @Test
  void sameBatchLoadedThreeTimesGivesTheSameRowsAndChecksum() throws Exception {
    CuratedFixtures.write(curated, TWO_DAYS, COLUMNS);
    List<String> checksums = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      LoadResult result = load(dataset("merge"), List.of(JAN_1, JAN_2));
      assertThat(result.batchRows()).isEqualTo(3);
      assertThat(result.deletedRows()).isEqualTo(i == 0 ? 0 : 3);
      assertThat(result.tableRows()).isEqualTo(3);
      checksums.add(checksum(rows()));
    }
    assertThat(rows()).containsExactlyElementsOf(TWO_DAYS_ROWS);
    assertThat(checksums).containsOnly(checksum(TWO_DAYS_ROWS));
  }

  @Test
  void textWithQuotesCommasAndEndOfDataMarkersKeepsItsExactValue() throws Exception {
    // a line holding only \. ends COPY's data unless it is inside a quoted value
    String marker = "'x' || chr(10) || '\\.' || chr(10) || 'y'";
    CuratedFixtures.write(curated, "('q1', DATE '2024-01-01', NULL, NULL,"
        + " 'say \"hi\", then, go', DATE '2024-01-01'),"
        + " ('q2', DATE '2024-01-01', NULL, NULL, '\\.', DATE '2024-01-01'),"
        + " ('q3', DATE '2024-01-01', NULL, NULL, " + marker + ", DATE '2024-01-01'),"
        + " ('q4', DATE '2024-01-01', NULL, NULL, '\"\"', DATE '2024-01-01')", COLUMNS);
    load(dataset("merge"), List.of(JAN_1));
    assertThat(rows("SELECT ad_id, note FROM dif_test.insights ORDER BY ad_id")).containsExactly(
        "'q1'|'say \"hi\", then, go'", "'q2'|'\\.'", "'q3'|'x\n\\.\ny'", "'q4'|'\"\"'");
  }

  @Test
  void mergeReplacesChangedRowsAndKeepsTheOthers() throws Exception {
    CuratedFixtures.write(curated, TWO_DAYS, COLUMNS);
    load(dataset("merge"), List.of(JAN_1, JAN_2));
    CuratedFixtures.write(curated, "('a1', DATE '2024-01-01', 5.0::DECIMAL(18,4), NULL, 'new',"
        + " DATE '2024-01-01'), ('a3', DATE '2024-01-01', 7.0::DECIMAL(18,4), NULL, NULL,"
        + " DATE '2024-01-01')", COLUMNS);
    LoadResult result = load(dataset("merge"), List.of(JAN_1));
    assertThat(result.deletedRows()).isEqualTo(1);
    assertThat(result.tableRows()).isEqualTo(4);
    assertThat(rows()).containsExactly(
        "'acme'|'a1'|2024-01-01|5.0000|null|'new'|2024-01-01",
        TWO_DAYS_ROWS.get(1), TWO_DAYS_ROWS.get(2),
        "'acme'|'a3'|2024-01-01|7.0000|null|null|2024-01-01");
  }

  @Test
  void mergeOnANullableKeyMatchesNulls() throws Exception {
    String nullDay = "('a1', NULL::DATE, 1.0::DECIMAL(18,4), NULL, 'x', DATE '2024-01-01')";
    CuratedFixtures.write(curated, nullDay, COLUMNS);
    DatasetConfig config = dataset("merge", "", false);
    load(config, List.of(JAN_1));
    LoadResult again = load(config, List.of(JAN_1));
    assertThat(again.deletedRows()).isEqualTo(1);
    assertThat(rows()).containsExactly("'acme'|'a1'|null|1.0000|null|'x'|2024-01-01");
  }

  @Test
  void batchDuplicatesOnTheKeyKeepTheLatestDate() throws Exception {
    CuratedFixtures.write(curated, "('a1', DATE '2024-01-01', 1.0::DECIMAL(18,4), NULL, 'old',"
        + " DATE '2024-01-01'), ('a1', DATE '2024-01-01', 2.0::DECIMAL(18,4), NULL, 'late',"
        + " DATE '2024-01-02')", COLUMNS);
    LoadResult result = load(dataset("merge"), List.of(JAN_1, JAN_2));
    assertThat(result.batchRows()).isEqualTo(1);
    assertThat(rows()).containsExactly("'acme'|'a1'|2024-01-01|2.0000|null|'late'|2024-01-02");
  }

  @Test
  void batchDuplicatesOnANullKeyKeepTheLatestDate() throws Exception {
    CuratedFixtures.write(curated, "('a1', NULL::DATE, 1.0::DECIMAL(18,4), NULL, 'old',"
        + " DATE '2024-01-01'), ('a1', NULL::DATE, 2.0::DECIMAL(18,4), NULL, 'late',"
        + " DATE '2024-01-02'), ('a2', NULL::DATE, 3.0::DECIMAL(18,4), NULL, 'other',"
        + " DATE '2024-01-01')", COLUMNS);
    LoadResult result = load(dataset("merge", "", false), List.of(JAN_1, JAN_2));
    assertThat(result.batchRows()).isEqualTo(2);
    assertThat(rows()).containsExactly("'acme'|'a1'|null|2.0000|null|'late'|2024-01-02",
        "'acme'|'a2'|null|3.0000|null|'other'|2024-01-01");
  }

  @Test
  void timestampWithoutTimeZoneInParquetIsTakenAsUtc() throws Exception {
    CuratedFixtures.write(curated, "('a1', DATE '2024-01-01', NULL, TIMESTAMP '1999-12-31"
        + " 23:59:59.999999', NULL, DATE '2024-01-01')", COLUMNS);
    load(dataset("merge"), List.of(JAN_1));
    assertThat(rows()).containsExactly(
        "'acme'|'a1'|2024-01-01|null|1999-12-31T23:59:59.999999|null|2024-01-01");
  }

  /** Every column type, at the edges of its binary or text form, comes back exactly. */
  @Test
  void everyColumnTypeKeepsItsExactValue() throws Exception {
    String big = "repeat('x', 3000000) || 'é'";
    CuratedFixtures.write(curated, """
        ('k1', 7::INTEGER, 9007199254740993::BIGINT, 0.1::DOUBLE, true, DATE '1900-03-01',
         TIMESTAMPTZ '1969-07-20 20:17:40.000001+00', CAST(-12345678.91 AS DECIMAL(10,2)),
         CAST(-999999999999999999 AS DECIMAL(18,0)), 0.000000001::DECIMAL(18,9),
         1234567890123456789012345678.0123456789::DECIMAL(38,10), 'żółć ✓ 😀', DATE '2024-01-01'),
        ('k2', CAST(-2147483648 AS INTEGER), CAST(-9223372036854775808 AS BIGINT),
         -2.5e-300::DOUBLE, false,
         DATE '2999-12-31', TIMESTAMPTZ '2999-12-31 23:59:59.999999+00', 0.00::DECIMAL(10,2),
         0::DECIMAL(18,0), CAST(-123456789.000000001 AS DECIMAL(18,9)),
         CAST(-0.0000000001 AS DECIMAL(38,10)), %s, DATE '2024-01-01'),
        ('k3', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         DATE '2024-01-01')
        """.formatted(big), "id, i, n, x, b, d, t, small, whole, fine, wide, text, dt");
    DatasetConfig config = new io.dif.core.config.ClientConfigLoader().parse("acme.yaml", """
        version: 1
        client: acme
        sources:
          ads: { base_url: https://ads.example.com, streams: { s: { request: { path: /s } } } }
        datasets:
          insights:
            from: ads.s
            columns:
              - { name: id, type: string, required: true }
              - { name: i, type: int }
              - { name: n, type: long }
              - { name: x, type: double }
              - { name: b, type: boolean }
              - { name: d, type: date }
              - { name: t, type: timestamp }
              - { name: small, type: "decimal(10,2)" }
              - { name: whole, type: "decimal(18,0)" }
              - { name: fine, type: "decimal(18,9)" }
              - { name: wide, type: "decimal(38,10)" }
              - { name: text, type: string }
            key: [id]
            destination: { table: dif_test.types, mode: merge }
        """).datasets().get("insights");
    assertThat(load(config, List.of(JAN_1)).tableRows()).isEqualTo(3);
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c = warehouse(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT i, n, x, b, d, t, small, whole, fine, wide, text"
            + " FROM dif_test.types ORDER BY id")) {
      while (r.next()) {
        List<Object> row = new ArrayList<>();
        row.add(r.getObject(1) == null ? null : r.getInt(1));
        row.add(r.getObject(2) == null ? null : r.getLong(2));
        row.add(r.getObject(3) == null ? null : r.getDouble(3));
        row.add(r.getObject(4) == null ? null : r.getBoolean(4));
        row.add(r.getObject(5, LocalDate.class));
        row.add(r.getObject(6, LocalDateTime.class));
        for (int i = 7; i <= 10; i++) {
          row.add(r.getBigDecimal(i));
        }
        row.add(r.getString(11));
        rows.add(row);
      }
    }
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).containsExactly(7, 9007199254740993L, 0.1, true,
        LocalDate.of(1900, 3, 1), LocalDateTime.parse("1969-07-20T20:17:40.000001"),
        new BigDecimal("-12345678.91"), new BigDecimal("-999999999999999999"),
        new BigDecimal("0.000000001"), new BigDecimal("1234567890123456789012345678.0123456789"),
        "żółć ✓ 😀");
    assertThat(rows.get(1)).containsExactly(Integer.MIN_VALUE, Long.MIN_VALUE, -2.5e-300, false,
        LocalDate.of(2999, 12, 31), LocalDateTime.parse("2999-12-31T23:59:59.999999"),
        new BigDecimal("0.00"), new BigDecimal("0"), new BigDecimal("-123456789.000000001"),
        new BigDecimal("-0.0000000001"), "x".repeat(3_000_000) + "é");
    assertThat(rows.get(2)).containsOnlyNulls();
  }

  @Test
  void replaceDeletesTheBatchDatesOfThisClientOnly() throws Exception {
    CuratedFixtures.write(curated, TWO_DAYS, COLUMNS);
    load(dataset("replace"), List.of(JAN_1, JAN_2));
    try (Connection c = warehouse(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO dif_test.insights (_client, ad_id, day, dt, _loaded_at) VALUES"
          + " ('acme', 'stale', DATE '2024-01-01', DATE '2024-01-01', TIMESTAMP '2024-01-01'),"
          + " ('other', 'keep', DATE '2024-01-01', DATE '2024-01-01', TIMESTAMP '2024-01-01')");
    }
    LoadResult result = load(dataset("replace"), List.of(JAN_1));
    assertThat(result.deletedRows()).isEqualTo(3);
    assertThat(rows()).noneMatch(r -> r.contains("stale")).anyMatch(r -> r.startsWith("'other'"))
        .hasSize(4);
  }

  @Test
  void appendAddsEveryRow() throws Exception {
    CuratedFixtures.write(curated, TWO_DAYS, COLUMNS);
    DatasetConfig config = dataset("append");
    load(config, List.of(JAN_1, JAN_2));
    LoadResult result = load(config, List.of(JAN_1, JAN_2));
    assertThat(result.tableRows()).isEqualTo(6);
  }

  @Test
  void newDatasetColumnIsAddedAndOldRowsKept() throws Exception {
    CuratedFixtures.write(curated, TWO_DAYS, COLUMNS);
    load(dataset("merge"), List.of(JAN_1, JAN_2));
    CuratedFixtures.write(curated, "('a9', DATE '2024-01-02', 1.0::DECIMAL(18,4), NULL, 'n',"
        + " 7::BIGINT, DATE '2024-01-02')", "ad_id, day, spend, seen_at, note, clicks, dt");
    DatasetConfig grown = dataset("merge", "      - { name: clicks, type: long }", true);
    load(grown, List.of(JAN_2));
    assertThat(rows("SELECT ad_id, clicks FROM dif_test.insights ORDER BY ad_id, day"))
        .containsExactly("'a1'|null", "'a1'|null", "'a2'|null", "'a9'|'7'");
  }

  @Test
  void loadBrokenBeforeCommitLeavesTheTableAsItWasAndARerunCompletes() throws Exception {
    CuratedFixtures.write(curated, TWO_DAYS, COLUMNS);
    load(dataset("merge"), List.of(JAN_1));
    List<String> before = rows();
    CuratedFixtures.write(curated, "('a1', DATE '2024-01-01', 5.0::DECIMAL(18,4), NULL, 'new',"
        + " DATE '2024-01-01')", COLUMNS);
    try (Loader broken = loader(connection -> {
      throw new SQLException("injected after the delete/merge");
    })) {
      assertThatThrownBy(() -> broken.load(CuratedFixtures.batch(dataset("merge"), curated,
          List.of(JAN_1, JAN_2))))
          .hasMessageStartingWith("Cannot load dataset acme.insights into dif_test.insights")
          .hasMessageContaining("injected");
    }
    assertThat(rows()).isEqualTo(before);
    LoadResult rerun = load(dataset("merge"), List.of(JAN_1, JAN_2));
    assertThat(rerun.tableRows()).isEqualTo(3);
    assertThat(rows()).contains("'acme'|'a1'|2024-01-01|5.0000|null|'new'|2024-01-01");
  }

  @Test
  void missingPartitionFailsBeforeTouchingTheTable() throws Exception {
    CuratedFixtures.write(curated, TWO_DAYS, COLUMNS);
    load(dataset("merge"), List.of(JAN_1, JAN_2));
    List<String> before = rows();
    assertThatThrownBy(() -> load(dataset("merge"), List.of(JAN_1, LocalDate.of(2024, 1, 9))))
        .hasMessageStartingWith("Cannot load dataset acme.insights into dif_test.insights");
    assertThat(rows()).isEqualTo(before);
  }
}
