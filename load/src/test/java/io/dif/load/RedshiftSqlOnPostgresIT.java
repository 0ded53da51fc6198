package io.dif.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the golden Redshift statements for real on PostgreSQL: the staging, de-duplication and
 * MERGE lines verbatim; only what PostgreSQL cannot run is swapped (the COPY from S3 becomes an
 * INSERT of the file's rows; the table is created without DISTKEY by the PostgreSQL dialect).
 */
class RedshiftSqlOnPostgresIT {

  @BeforeEach
  void emptySchema() throws SQLException {
    try (Connection c = TestingPostgres.connect(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS dif_test CASCADE");
      s.execute("CREATE SCHEMA dif_test");
      s.execute(new LoadStatements(new PostgresDialect(16), CuratedFixtures.batch(
          CuratedFixtures.dataset("merge"), java.nio.file.Path.of("/none"), List.of()),
          RedshiftGolden.CLOCK.instant()).createTable());
      s.execute("INSERT INTO dif_test.insights VALUES ('acme', 'a1', DATE '2024-01-01', 1.0,"
          + " NULL, 'old', DATE '2024-01-01', TIMESTAMP '2024-01-01'), ('other', 'a1',"
          + " DATE '2024-01-01', 9.0, NULL, 'other client', DATE '2024-01-01',"
          + " TIMESTAMP '2024-01-01')");
    }
  }

  private List<String> run(String golden, String fileRows) throws Exception {
    try (Connection c = TestingPostgres.connect(); Statement s = c.createStatement()) {
      for (String line : RedshiftGolden.read(golden)) {
        if (line.startsWith("CREATE SCHEMA") || line.startsWith("CREATE TABLE IF NOT EXISTS")) {
          continue;
        }
        s.execute(line.startsWith("COPY dif_stage_file FROM")
            ? "INSERT INTO dif_stage_file VALUES " + fileRows : line);
      }
      List<String> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT _client, ad_id, day, spend, note, dt, _loaded_at"
          + " FROM dif_test.insights ORDER BY _client, ad_id, day")) {
        while (r.next()) {
          rows.add(r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|"
              + r.getBigDecimal(4) + "|" + r.getString(5) + "|" + r.getString(6) + "|"
              + r.getString(7));
        }
      }
      return rows;
    }
  }

  @Test
  void goldenMergeUpdatesMatchedKeysOfTheClientAndInsertsTheRest() throws Exception {
    // the file holds a1 twice for one day: the staging de-duplication must keep one
    List<String> rows = run("redshift-merge.sql", "('a1', DATE '2024-01-01', 2.5, NULL, 'new'),"
        + " ('a1', DATE '2024-01-01', 2.5, NULL, 'new'), ('a2', DATE '2024-01-01', 3.0,"
        + " TIMESTAMP '2024-01-01 12:00:00', '')");
    assertThat(rows).containsExactly(
        "acme|a1|2024-01-01|2.5000|new|2024-01-01|2024-01-03 04:05:06.789",
        "acme|a2|2024-01-01|3.0000||2024-01-01|2024-01-03 04:05:06.789",
        "other|a1|2024-01-01|9.0000|other client|2024-01-01|2024-01-01 00:00:00");
  }

  @Test
  void goldenReplaceSwapsTheClientsDatesOnly() throws Exception {
    List<String> rows = run("redshift-replace.sql", "('a2', DATE '2024-01-01', 3.0, NULL, NULL)");
    assertThat(rows).containsExactly(
        "acme|a2|2024-01-01|3.0000|null|2024-01-01|2024-01-03 04:05:06.789",
        "other|a1|2024-01-01|9.0000|other client|2024-01-01|2024-01-01 00:00:00");
  }
}
