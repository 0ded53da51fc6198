package io.dif.load;

import io.dif.core.config.ClientConfigLoader;
import io.dif.core.config.DatasetConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

/** Curated Parquet written by DuckDB the way the transform lays it out, and its dataset config. */
final class CuratedFixtures {
  static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);
  static final LocalDate JAN_2 = LocalDate.of(2024, 1, 2);
  static final String COLUMNS = "ad_id, day, spend, seen_at, note, dt";
  /** Exact decimals, a UTC instant with microseconds, empty string vs NULL, COPY's specials. */
  static final String TWO_DAYS = """
      ('a1', DATE '2024-01-01', 1.2345::DECIMAL(18,4), TIMESTAMPTZ '2024-01-01 23:59:59.123456+00',
       '', DATE '2024-01-01'),
      ('a2', DATE '2024-01-01', 0.0001::DECIMAL(18,4), NULL, NULL, DATE '2024-01-01'),
      ('a1', DATE '2024-01-02', 99999999999999.9999::DECIMAL(18,4),
       TIMESTAMPTZ '2024-01-02 00:00:00+00', 'tab' || chr(9) || 'line' || chr(10) || 'back\\N',
       DATE '2024-01-02')
      """;

  private CuratedFixtures() {}

  static DatasetConfig dataset(String mode, String extraColumn, boolean dayRequired) {
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
              - { name: day, type: date, required: %s }
              - { name: spend, type: "decimal(18,4)" }
              - { name: seen_at, type: timestamp }
              - { name: note, type: string }
        %s
            key: [ad_id, day]
            destination: { table: dif_test.insights, mode: %s }
        """.formatted(dayRequired, extraColumn, mode)).datasets().get("insights");
  }

  static DatasetConfig dataset(String mode) {
    return dataset(mode, "", true);
  }

  /** Writes (replacing) the partitions of the given rows under {@code curated}. */
  static void write(Path curated, String valuesSql, String columns) throws Exception {
    Files.createDirectories(curated.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("COPY (SELECT * FROM (VALUES " + valuesSql + ") AS t(" + columns + ")) TO '"
          + curated + "' (FORMAT PARQUET, PARTITION_BY (dt), OVERWRITE_OR_IGNORE true)");
    }
  }

  static LoadBatch batch(DatasetConfig config, Path curated, List<LocalDate> dates) {
    return new LoadBatch("acme", "insights", config, curated.toString(), dates);
  }
}
