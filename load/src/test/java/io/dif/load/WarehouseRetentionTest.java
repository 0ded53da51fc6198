package io.dif.load;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention in an embedded DuckDB file: by data date, this client only, physically gone. */
class WarehouseRetentionTest {
  private static final String HASH = "f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f";

  @TempDir
  Path folder;
  private Path database;

  @BeforeEach
  void setUp() throws SQLException {
    database = folder.resolve("warehouse.duckdb");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
        Statement statement = connection.createStatement()) {
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

  private WarehouseRetention.Target target() {
    Map<String, String> anonymous = new LinkedHashMap<>();
    anonymous.put("email", WarehouseRetention.anonymous("email", "hmac_sha256", 0, "", 0,
        "VARCHAR"));
    anonymous.put("phone", WarehouseRetention.anonymous("phone", "mask", 2, "", 0, "VARCHAR"));
    anonymous.put("ip", WarehouseRetention.anonymous("ip", "generalize", 0, "ip_24", 0,
        "VARCHAR"));
    anonymous.put("seen", WarehouseRetention.anonymous("seen", "generalize", 0, "month", 0,
        "DATE"));
    // on 2024-04-15: P90D anonymizes before 2024-01-16, a 70-day delete_after before 2024-02-05
    return new WarehouseRetention.Target("demo.leads", Optional.of(LocalDate.of(2024, 3, 1)),
        Optional.of(LocalDate.of(2024, 2, 5)), anonymous);
  }

  @Test
  void oldRowsOfTheClientAreDeletedYoungerOnesAnonymizedOthersUntouched() throws Exception {
    List<WarehouseRetention.Result> dry = WarehouseRetention.applyDuckDb(database, "demo",
        List.of(target()), true);
    assertThat(dry).containsExactly(new WarehouseRetention.Result("demo.leads", 0, 2));
    assertThat(rows()).hasSize(6);

    // 2024-01-01 and 2024-02-01 are deleted (before 2024-02-05); 2024-03-01 is not before the
    // anonymize cutoff: move it so that it is
    WarehouseRetention.Target target = new WarehouseRetention.Target("demo.leads",
        Optional.of(LocalDate.of(2024, 3, 2)), target().deleteBefore(), target().anonymous());
    assertThat(WarehouseRetention.applyDuckDb(database, "demo", List.of(target), true))
        .containsExactly(new WarehouseRetention.Result("demo.leads", 1, 2));
    assertThat(WarehouseRetention.applyDuckDb(database, "demo", List.of(target), false))
        .containsExactly(new WarehouseRetention.Result("demo.leads", 1, 2));

    assertThat(rows()).containsExactly(
        "demo2024-03-01|null|*******42|192.0.2.0|2024-03-01|demo|2024-03-01",
        "other2024-01-01|" + HASH.substring(0, 60) + "01aa|*******42|192.0.2.17|2024-01-10"
            + "|other|2024-01-01",
        "other2024-02-01|" + HASH.substring(0, 60) + "02aa|*******42|192.0.2.17|2024-02-10"
            + "|other|2024-02-01",
        "other2024-03-01|" + HASH.substring(0, 60) + "03aa|*******42|192.0.2.17|2024-03-10"
            + "|other|2024-03-01");
    // the file was rewritten: the client's deleted and replaced values are not in its bytes
    String bytes = new String(Files.readAllBytes(database), StandardCharsets.ISO_8859_1);
    assertThat(bytes).contains("other2024-01-01").doesNotContain("demo2024-01-01")
        .doesNotContain("demo2024-02-01");

    assertThat(WarehouseRetention.applyDuckDb(database, "demo", List.of(target), false))
        .as("a second run changes nothing")
        .containsExactly(new WarehouseRetention.Result("demo.leads", 0, 0));
  }

  @Test
  void aMissingTableOrFileHasNothingToChange() {
    WarehouseRetention.Target missing = new WarehouseRetention.Target("demo.nothing",
        Optional.of(LocalDate.of(2024, 3, 2)), Optional.empty(), target().anonymous());
    assertThat(WarehouseRetention.applyDuckDb(database, "demo", List.of(missing), false))
        .isEmpty();
    assertThat(WarehouseRetention.applyDuckDb(folder.resolve("none.duckdb"), "demo",
        List.of(target()), false)).isEmpty();
  }

  private List<String> rows() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT * FROM demo.leads ORDER BY ALL")) {
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
