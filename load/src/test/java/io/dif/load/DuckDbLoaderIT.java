package io.dif.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.config.ClientConfigLoader;
import io.dif.core.config.DatasetConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads into a real embedded DuckDB file from curated Parquet written by DuckDB itself. */
class DuckDbLoaderIT {
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);
  private static final LocalDate JAN_2 = LocalDate.of(2024, 1, 2);

  @TempDir
  Path folder;

  private Path warehouse;
  private Path curated;

  @BeforeEach
  void paths() {
    warehouse = folder.resolve("warehouse.duckdb");
    curated = folder.resolve("curated/acme/insights");
  }

  private static DatasetConfig dataset(String mode, String extraColumn) {
    return new ClientConfigLoader().parse("acme.yaml", """
        version: 1
        client: acme
        sources:
          ads:
            base_url: https://ads.example.com
            streams:
              insights: { request: { path: /insights } }
        datasets:
          insights:
            from: ads.insights
            columns:
              - { name: ad_id, type: string, required: true }
              - { name: day, type: date }
              - { name: spend, type: "decimal(18,4)" }
              - { name: note, type: string }
        %s
            key: [ad_id, day]
            destination: { table: mart.insights, mode: %s }
        """.formatted(extraColumn, mode)).datasets().get("insights");
  }

  /** Writes curated Parquet partitions the way the transform lays them out. */
  private void writeCurated(String valuesSql, String columns) throws Exception {
    java.nio.file.Files.createDirectories(curated.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("COPY (SELECT * FROM (VALUES " + valuesSql + ") AS t(" + columns + ")) TO '"
          + curated + "' (FORMAT PARQUET, PARTITION_BY (dt), OVERWRITE true)");
    }
  }

  private static final String COLUMNS = "ad_id, day, spend, note, dt";

  private void writeTwoDays() throws Exception {
    writeCurated("""
        ('a1', DATE '2024-01-01', 1.2345::DECIMAL(18,4), '', DATE '2024-01-01'),
        ('a2', DATE '2024-01-01', 0.0001::DECIMAL(18,4), NULL, DATE '2024-01-01'),
        ('a1', DATE '2024-01-02', 99999999.9999::DECIMAL(18,4), 'x', DATE '2024-01-02')
        """, COLUMNS);
  }

  private LoadResult load(DatasetConfig config, List<LocalDate> dates) {
    try (DuckDbLoader loader = new DuckDbLoader(warehouse)) {
      return loader.load(new LoadBatch("acme", "insights", config, curated.toString(), dates));
    }
  }

  private List<String> rows() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + warehouse);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT _client, ad_id, day, spend, note, dt"
            + " FROM mart.insights ORDER BY ad_id, day")) {
      while (r.next()) {
        rows.add(r.getString(1) + "|" + r.getString(2) + "|" + r.getObject(3, LocalDate.class)
            + "|" + r.getBigDecimal(4) + "|" + (r.getString(5) == null ? "NULL" : "'"
            + r.getString(5) + "'") + "|" + r.getObject(6, LocalDate.class));
      }
    }
    return rows;
  }

  @Test
  void mergeLoadedThreeTimesKeepsTheSameRowsAndTypes() throws Exception {
    writeTwoDays();
    DatasetConfig config = dataset("merge", "");
    for (int i = 0; i < 3; i++) {
      LoadResult result = load(config, List.of(JAN_1, JAN_2));
      assertThat(result.batchRows()).isEqualTo(3);
      assertThat(result.tableRows()).isEqualTo(3);
    }
    assertThat(rows()).containsExactly(
        "acme|a1|2024-01-01|1.2345|''|2024-01-01",
        "acme|a1|2024-01-02|99999999.9999|'x'|2024-01-02",
        "acme|a2|2024-01-01|0.0001|NULL|2024-01-01");
  }

  @Test
  void mergeReplacesChangedRowsAndKeepsOthers() throws Exception {
    writeTwoDays();
    DatasetConfig config = dataset("merge", "");
    load(config, List.of(JAN_1, JAN_2));
    writeCurated("('a1', DATE '2024-01-01', 5.0000::DECIMAL(18,4), 'new', DATE '2024-01-01')",
        COLUMNS);
    LoadResult result = load(config, List.of(JAN_1));
    assertThat(result.deletedRows()).isEqualTo(1);
    assertThat(rows()).containsExactly(
        "acme|a1|2024-01-01|5.0000|'new'|2024-01-01",
        "acme|a1|2024-01-02|99999999.9999|'x'|2024-01-02",
        "acme|a2|2024-01-01|0.0001|NULL|2024-01-01");
  }

  @Test
  void replaceDeletesTheBatchDatesOnly() throws Exception {
    writeTwoDays();
    DatasetConfig config = dataset("replace", "");
    load(config, List.of(JAN_1, JAN_2));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + warehouse);
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO mart.insights (_client, ad_id, day, dt, _loaded_at) VALUES"
          + " ('acme', 'stale', DATE '2024-01-01', DATE '2024-01-01', now()::TIMESTAMP),"
          + " ('other', 'keep', DATE '2024-01-01', DATE '2024-01-01', now()::TIMESTAMP)");
    }
    load(config, List.of(JAN_1));
    assertThat(rows()).noneMatch(r -> r.contains("stale")).anyMatch(r -> r.startsWith("other|"))
        .hasSize(4);
  }

  @Test
  void newDatasetColumnIsAddedAndOldRowsKept() throws Exception {
    writeTwoDays();
    load(dataset("merge", ""), List.of(JAN_1, JAN_2));
    writeCurated("('a9', DATE '2024-01-02', 1.0::DECIMAL(18,4), 'n', 7::BIGINT, DATE '2024-01-02')",
        "ad_id, day, spend, note, clicks, dt");
    DatasetConfig grown = dataset("merge", "      - { name: clicks, type: long }");
    load(grown, List.of(JAN_2));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + warehouse);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT ad_id, clicks FROM mart.insights ORDER BY ad_id, day")) {
      List<String> seen = new ArrayList<>();
      while (r.next()) {
        seen.add(r.getString(1) + "=" + r.getObject(2));
      }
      assertThat(seen).containsExactly("a1=null", "a1=null", "a2=null", "a9=7");
    }
  }

  @Test
  void failedLoadLeavesTheTableAsItWas() throws Exception {
    writeTwoDays();
    DatasetConfig config = dataset("merge", "");
    load(config, List.of(JAN_1, JAN_2));
    List<String> before = rows();
    // a batch naming a date without curated files fails inside the transaction
    assertThatThrownBy(() -> load(config, List.of(JAN_1, LocalDate.of(2024, 1, 9))))
        .hasMessageStartingWith("Cannot load dataset acme.insights into mart.insights");
    assertThat(rows()).isEqualTo(before);
  }

  @Test
  void batchDuplicatesOnTheKeyKeepTheLatestDate() {
    assertThat(DuckDbLoader.stagingQuery(new LoadBatch("acme", "insights",
        dataset("merge", ""), "/c", List.of(JAN_1))))
        .endsWith("QUALIFY row_number() OVER (PARTITION BY ad_id, day ORDER BY dt DESC) = 1");
    assertThat(new BigDecimal("1.2345").scale()).isEqualTo(4);
  }
}
