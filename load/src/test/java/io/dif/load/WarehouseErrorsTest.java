package io.dif.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dif.core.error.DataException;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classification of real DuckDB errors: only what may pass by itself is retriable. */
class WarehouseErrorsTest {
  private static Connection duckdb;

  @BeforeAll
  static void open() throws SQLException {
    duckdb = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = duckdb.createStatement()) {
      statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, day DATE NOT NULL)");
      statement.execute("INSERT INTO t VALUES (1, DATE '2024-01-01')");
    }
  }

  @AfterAll
  static void close() throws SQLException {
    duckdb.close();
  }

  private static SQLException failing(String sql) {
    return catchThrowableOfType(() -> {
      try (Statement statement = duckdb.createStatement()) {
        statement.execute(sql);
      }
    }, SQLException.class);
  }

  @Test
  void syntaxMissingTablesBadValuesAndBrokenKeysAreRejected() {
    for (String sql : new String[] {"SELEC 1", "SELECT * FROM nosuch", "SELECT nosuch FROM t",
        "INSERT INTO t VALUES (2, 'not a date')", "INSERT INTO t VALUES (1, DATE '2024-01-02')",
        "INSERT INTO t VALUES (3, NULL)",
        "SELECT * FROM read_parquet('/nonexistent/dt=2024-01-01/*.parquet')"}) {
      SQLException e = failing(sql);
      assertThat(WarehouseErrors.kind(e)).as(sql + ": " + e.getMessage())
          .isEqualTo(WarehouseErrors.Kind.REJECTED);
      DifException error = WarehouseErrors.classify("Cannot load dataset acme.ads", e);
      assertThat(error).isInstanceOf(DataException.class);
      assertThat(error.code()).isEqualTo(ErrorCode.LOAD_REJECTED);
      assertThat(error.retriable()).isFalse();
      assertThat(error.getMessage()).startsWith("Cannot load dataset acme.ads: ")
          .doesNotContain("\n");
    }
  }

  @Test
  void theMessageKeepsDuckDbsSuggestionOnOneLine() {
    SQLException e = failing("SELECT * FROM tt");
    assertThat(WarehouseErrors.firstLine(e)).contains("Table with name tt does not exist")
        .contains("Did you mean \"t\"").doesNotContain("\n").doesNotContain("LINE 1")
        .doesNotContain("java.sql");
  }

  @Test
  void aWarehouseFileLockedByAnotherProcessIsBusyAndRetriable(@TempDir Path folder)
      throws Exception {
    Path file = folder.resolve("warehouse.duckdb");
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"),
        HoldDuckDbFile.class.getName(), file.toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
          StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("open");
      SQLException e = catchThrowableOfType(
          () -> DriverManager.getConnection("jdbc:duckdb:" + file).close(), SQLException.class);
      assertThat((Throwable) e).isNotNull();
      assertThat(WarehouseErrors.kind(e)).as(e.getMessage())
          .isEqualTo(WarehouseErrors.Kind.BUSY);
      DifException error = CuratedParquet.cannotOpen("DuckDB " + file, e);
      assertThat(error).isInstanceOf(RetriableException.class);
      assertThat(error.code()).isEqualTo(ErrorCode.WAREHOUSE_BUSY);
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aDriverErrorWithoutStateCausedByIoIsRetriable() {
    SQLException e = new SQLException("Cannot copy rows into t",
        new java.net.SocketException("Connection reset"));
    assertThat(WarehouseErrors.kind(e)).isEqualTo(WarehouseErrors.Kind.UNAVAILABLE);
  }

  /** Opens a DuckDB file, says "open", and holds it until stdin closes. */
  public static final class HoldDuckDbFile {
    public static void main(String[] args) throws Exception {
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
        System.out.println("open");
        System.out.flush();
        System.in.read();
      }
    }
  }
}
