package io.dif.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.config.ColumnType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Retention and erasure of loaded rows in each warehouse's SQL: an embedded DuckDB file,
 * PostgreSQL, and Redshift's dialect run on PostgreSQL. By data date or subject, this client
 * only; the DuckDB file no longer holds the old values' bytes.
 */
class WarehouseRetentionTest {
  private static final String HASH = "f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f";

  @TempDir
  static Path folder;

  /** One warehouse under test: how to reach it, and a plain connection to look at it. */
  record Warehouse(String name, WarehouseRows rows, SqlConnector sql, Path file) {
    @Override
    public String toString() {
      return name;
    }
  }

  interface SqlConnector {
    Connection open() throws SQLException;
  }

  static Stream<Warehouse> warehouses() {
    Path file = folder.resolve("warehouse-" + System.nanoTime() + ".duckdb");
    return Stream.of(
        new Warehouse("duckdb", WarehouseRows.duckDb(file),
            () -> DriverManager.getConnection("jdbc:duckdb:" + file), file),
        new Warehouse("postgres", WarehouseRows.postgres(TestingPostgres.url(),
            new Properties()), TestingPostgres::connect, null),
        new Warehouse("redshift SQL on postgres", WarehouseRows.redshift(
            TestingPostgres.url(), new Properties()), TestingPostgres::connect, null));
  }

  private static void createLeads(Warehouse warehouse) throws SQLException {
    try (Connection connection = warehouse.sql().open();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS demo CASCADE");
      statement.execute("CREATE SCHEMA demo");
      statement.execute("CREATE TABLE demo.leads (lead_id VARCHAR, email VARCHAR, phone VARCHAR,"
          + " ip VARCHAR, seen DATE, _client VARCHAR, dt DATE)");
      for (String day : List.of("2024-01-01", "2024-02-01", "2024-03-01")) {
        for (String client : List.of("demo", "other")) {
          statement.execute("INSERT INTO demo.leads VALUES ('" + client + day + "', '"
              + HASH.substring(0, 60) + day.substring(5, 7) + "aa', '*******42',"
              + " '192.0.2.17', DATE '" + day + "' + 9, '" + client + "', DATE '" + day + "')");
        }
      }
    }
  }

  private static WarehouseRetention.Target target(Optional<LocalDate> anonymizeBefore) {
    List<WarehouseRetention.Anonymization> anonymous = List.of(
        new WarehouseRetention.Anonymization("email", "hmac_sha256", 0, "", 0,
            ColumnType.parse("string")),
        new WarehouseRetention.Anonymization("phone", "mask", 2, "", 0,
            ColumnType.parse("string")),
        new WarehouseRetention.Anonymization("ip", "generalize", 0, "ip_24", 0,
            ColumnType.parse("string")),
        new WarehouseRetention.Anonymization("seen", "generalize", 0, "month", 0,
            ColumnType.parse("date")));
    // on 2024-04-15: P90D anonymizes before 2024-01-16, a 70-day delete_after before 2024-02-05
    return new WarehouseRetention.Target("demo.leads", anonymizeBefore,
        Optional.of(LocalDate.of(2024, 2, 5)), anonymous);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warehouses")
  void oldRowsOfTheClientAreDeletedYoungerOnesAnonymizedOthersUntouched(Warehouse warehouse)
      throws Exception {
    createLeads(warehouse);
    WarehouseRows rows = warehouse.rows();
    assertThat(rows.applyRetention("demo", List.of(target(Optional.of(LocalDate.of(2024, 3,
        1)))), true)).containsExactly(new WarehouseRetention.Result("demo.leads", 0, 2));
    assertThat(rows(warehouse)).hasSize(6);

    // 2024-01-01 and 2024-02-01 are deleted (before 2024-02-05); 2024-03-01 is anonymized
    WarehouseRetention.Target target = target(Optional.of(LocalDate.of(2024, 3, 2)));
    assertThat(rows.applyRetention("demo", List.of(target), true))
        .containsExactly(new WarehouseRetention.Result("demo.leads", 1, 2));
    assertThat(rows.applyRetention("demo", List.of(target), false))
        .containsExactly(new WarehouseRetention.Result("demo.leads", 1, 2));

    assertThat(rows(warehouse)).containsExactly(
        "demo2024-03-01|null|*******42|192.0.2.0|2024-03-01|demo|2024-03-01",
        "other2024-01-01|" + HASH.substring(0, 60) + "01aa|*******42|192.0.2.17|2024-01-10"
            + "|other|2024-01-01",
        "other2024-02-01|" + HASH.substring(0, 60) + "02aa|*******42|192.0.2.17|2024-02-10"
            + "|other|2024-02-01",
        "other2024-03-01|" + HASH.substring(0, 60) + "03aa|*******42|192.0.2.17|2024-03-10"
            + "|other|2024-03-01");
    if (warehouse.name().equals("duckdb")) {
      // the file was rewritten: the client's deleted and replaced values are not in its bytes
      Path file = warehouse.file();
      String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(bytes).contains("other2024-01-01").doesNotContain("demo2024-01-01")
          .doesNotContain("demo2024-02-01");
    }
    assertThat(rows.applyRetention("demo", List.of(target), false))
        .as("a second run changes nothing")
        .containsExactly(new WarehouseRetention.Result("demo.leads", 0, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warehouses")
  void anErasureDeletesTheSubjectsRowsOfTheClientOnly(Warehouse warehouse) throws Exception {
    createLeads(warehouse);
    String subjectHash = HASH.substring(0, 60) + "02aa";
    WarehouseErasure.Target target = new WarehouseErasure.Target("demo.leads",
        Map.of("email", List.of(subjectHash)));
    assertThat(warehouse.rows().erase("demo", List.of(target), true))
        .containsExactly(new WarehouseErasure.Result("demo.leads", 1));
    assertThat(rows(warehouse)).hasSize(6);
    assertThat(warehouse.rows().erase("demo", List.of(target), false))
        .containsExactly(new WarehouseErasure.Result("demo.leads", 1));
    assertThat(rows(warehouse)).hasSize(5).noneMatch(row -> row.startsWith("demo2024-02-01"))
        .anyMatch(row -> row.startsWith("other2024-02-01|" + subjectHash));
    if (warehouse.name().equals("duckdb")) {
      Path file = warehouse.file();
      assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
          .doesNotContain("demo2024-02-01").contains("other2024-02-01");
    }
    assertThat(warehouse.rows().erase("demo", List.of(target), false))
        .as("idempotent").containsExactly(new WarehouseErasure.Result("demo.leads", 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warehouses")
  void aMissingTableHasNothingToChange(Warehouse warehouse) throws Exception {
    createLeads(warehouse);
    WarehouseRetention.Target missing = new WarehouseRetention.Target("demo.nothing",
        Optional.of(LocalDate.of(2024, 3, 2)), Optional.empty(), target(Optional.empty())
            .anonymous());
    assertThat(warehouse.rows().applyRetention("demo", List.of(missing), false)).isEmpty();
    assertThat(warehouse.rows().erase("demo", List.of(new WarehouseErasure.Target(
        "demo.nothing", Map.of("email", List.of("x")))), false)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void aDuckDbFileThatDoesNotExistHasNothingToChange() {
    Path none = folder.resolve("none.duckdb");
    assertThat(WarehouseRows.duckDb(none).applyRetention("demo", List.of(target(Optional.of(
        LocalDate.of(2024, 3, 2)))), false)).isEmpty();
    assertThat(none).doesNotExist();
  }

  private static List<String> rows(Warehouse warehouse) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = warehouse.sql().open();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT * FROM demo.leads ORDER BY 1")) {
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= 7; i++) {
          row.append(i > 1 ? "|" : "").append(result.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
