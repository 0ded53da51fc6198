package io.dif.load;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One PostgreSQL server for the whole test run: {@code PG_URL} (a {@code jdbc:postgresql:} URL
 * with user and password in it) when set, else an embedded PostgreSQL 16 started on first use and
 * stopped when the JVM exits.
 */
final class TestingPostgres {
  private static String url;

  private TestingPostgres() {}

  static synchronized String url() {
    if (url == null) {
      String external = System.getenv("PG_URL");
      if (external != null && !external.isBlank()) {
        url = external;
      } else {
        try {
          EmbeddedPostgres server = EmbeddedPostgres.builder().start();
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
              server.close();
            } catch (IOException ignored) {
              // the JVM is exiting
            }
          }));
          url = server.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return url;
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), new Properties());
  }
}
