package io.dif.extract.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One PostgreSQL server for the whole test run: {@code PG_URL} (a {@code jdbc:postgresql:} URL
 * with user and password in it) when set, else an embedded PostgreSQL 16 started on first use
 * and stopped when the JVM exits (as load's tests do).
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

  /** The URL without its parameters: user and password go through the credential store. */
  static String bareUrl() {
    String full = url();
    return full.contains("?") ? full.substring(0, full.indexOf('?')) : full;
  }

  /** A parameter of the URL (user, password), or the default. */
  static String parameter(String name, String fallback) {
    String full = url();
    if (!full.contains("?")) {
      return fallback;
    }
    for (String pair : full.substring(full.indexOf('?') + 1).split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    return fallback;
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), new Properties());
  }
}
