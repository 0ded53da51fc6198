package io.dif.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The classification of real PostgreSQL errors, by SQLSTATE. */
class WarehouseErrorsIT {

  private static SQLException failing(Connection connection, String sql) {
    return catchThrowableOfType(() -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }, SQLException.class);
  }

  @Test
  void postgresRejectionsAreNotRetriable() throws SQLException {
    try (Connection postgres = TestingPostgres.connect();
        Statement statement = postgres.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS errors CASCADE");
      statement.execute("CREATE SCHEMA errors");
      statement.execute("CREATE TABLE errors.t (id INTEGER PRIMARY KEY, day DATE NOT NULL)");
      statement.execute("INSERT INTO errors.t VALUES (1, DATE '2024-01-01')");
      statement.execute("DROP ROLE IF EXISTS dif_reader");
      statement.execute("CREATE ROLE dif_reader");
      for (String sql : new String[] {"SELEC 1", "SELECT * FROM errors.nosuch",
          "INSERT INTO errors.t VALUES (2, 'not a date')",
          "INSERT INTO errors.t VALUES (1, DATE '2024-01-02')",
          "SET ROLE dif_reader; SELECT * FROM errors.t"}) {
        SQLException e = failing(postgres, sql);
        assertThat(WarehouseErrors.kind(e)).as(sql + ": " + e.getSQLState())
            .isEqualTo(WarehouseErrors.Kind.REJECTED);
        statement.execute("RESET ROLE");
      }
    }
  }

  @Test
  void aDeadlockIsBusyAndRetriable() throws Exception {
    try (Connection first = TestingPostgres.connect();
        Connection second = TestingPostgres.connect();
        Statement setup = first.createStatement()) {
      setup.execute("DROP TABLE IF EXISTS public.deadlock");
      setup.execute("CREATE TABLE public.deadlock (id INTEGER PRIMARY KEY, n INTEGER)");
      setup.execute("INSERT INTO public.deadlock VALUES (1, 0), (2, 0)");
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      first.createStatement().execute("UPDATE public.deadlock SET n = 1 WHERE id = 1");
      second.createStatement().execute("UPDATE public.deadlock SET n = 1 WHERE id = 2");
      // the first waits for row 2 in the background; the second then asks for row 1
      java.util.concurrent.CompletableFuture<SQLException> waiting =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> failing(first,
              "UPDATE public.deadlock SET n = 2 WHERE id = 2"));
      // wait until the first is blocked on the lock (no sleep: ask the server)
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      try (Connection observer = TestingPostgres.connect();
          Statement probe = observer.createStatement()) {
        while (System.nanoTime() < deadline) {
          var rows = probe.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted");
          rows.next();
          if (rows.getInt(1) > 0) {
            break;
          }
          Thread.onSpinWait();
        }
      }
      SQLException fromSecond = failing(second, "UPDATE public.deadlock SET n = 2 WHERE id = 1");
      SQLException fromFirst = waiting.get();
      SQLException deadlock = fromSecond != null ? fromSecond : fromFirst;
      assertThat((Throwable) deadlock).isNotNull();
      assertThat(deadlock.getSQLState()).isEqualTo("40P01");
      assertThat(WarehouseErrors.kind(deadlock)).isEqualTo(WarehouseErrors.Kind.BUSY);
      assertThat(WarehouseErrors.classify("Cannot load", deadlock).retriable()).isTrue();
      first.rollback();
      second.rollback();
    }
  }

  @Test
  void aRefusedConnectionIsRetriable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    SQLException e = catchThrowableOfType(() -> DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/dif?connectTimeout=5", new Properties()),
        SQLException.class);
    assertThat(e.getSQLState()).startsWith("08");
    assertThat(WarehouseErrors.kind(e)).isEqualTo(WarehouseErrors.Kind.UNAVAILABLE);
    assertThat(CuratedParquet.cannotOpen("PostgreSQL x", e).retriable()).isTrue();
  }
}
