package io.dif.cli;

import io.dif.core.error.RetriableException;
import io.dif.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The erasure audit in the control store ({@code erasures} table of {@code control.db}): who
 * asked, when, the subject's audit hash (never the value, nor the keyed hash curated data
 * holds), the rows removed per zone and table, the snapshots committed, and the state
 * (STARTED, then DONE), so a killed erasure is seen and rerun. Each erasure also keeps its
 * request: the field and the keyed hash of each subject ({@code subject_keys}, HMAC with the
 * client's request key), so {@code dif erase --reapply} finds the person again in data a
 * backfill lands later.
 */
final class ErasureLog {
  private final Path database;

  ErasureLog(Path database) {
    this.database = database;
  }

  /**
   * The audit hash of a subject: SHA-256 of a DIF-specific prefix, the field and the trimmed,
   * lower-case value. It names a request in the audit; it matches no stored data.
   */
  static String auditHash(String field, String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
          ("dif-erasure-audit:" + field + "=" + value.trim().toLowerCase(Locale.ROOT))
              .getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A kept request: the field the person was named by and the keyed hash of the value. */
  record Request(String field, String keyedHash) {}

  void started(String id, String client, String requestedBy, List<String> subjectHashes,
      List<Request> requests, Instant at) {
    execute("INSERT INTO erasures (id, client, requested_by, requested_at, subject_hashes,"
        + " state, details, subject_keys) VALUES (?, ?, ?, ?, ?, 'STARTED', '', ?)", id, client,
        requestedBy, at.toString(), String.join(",", subjectHashes), String.join(",",
            requests.stream().map(r -> r.field() + "=" + r.keyedHash()).toList()));
  }

  /** The distinct requests kept for a client, oldest first. */
  List<Request> requests(String client) {
    java.util.Set<Request> requests = new java.util.LinkedHashSet<>();
    try (Connection connection = open(); PreparedStatement statement = connection
        .prepareStatement("SELECT subject_keys FROM erasures WHERE client = ? AND subject_keys"
            + " IS NOT NULL ORDER BY requested_at")) {
      statement.setString(1, client);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          for (String entry : result.getString(1).split(",")) {
            int equals = entry.lastIndexOf('=');
            if (equals > 0) {
              requests.add(new Request(entry.substring(0, equals), entry.substring(equals + 1)));
            }
          }
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return List.copyOf(requests);
  }

  void done(String id, String details, Instant at) {
    execute("UPDATE erasures SET state = 'DONE', details = ?, finished_at = ? WHERE id = ?",
        details, at.toString(), id);
  }

  /** The erasures of a client, oldest first: id, requested at, state. */
  List<String[]> list(String client) {
    List<String[]> rows = new ArrayList<>();
    try (Connection connection = open(); PreparedStatement statement = connection
        .prepareStatement("SELECT id, requested_at, requested_by, state, subject_hashes FROM"
            + " erasures WHERE client = ? ORDER BY requested_at")) {
      statement.setString(1, client);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(new String[] {result.getString(1), result.getString(2), result.getString(3),
              result.getString(4), result.getString(5)});
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return rows;
  }

  private void execute(String sql, String... values) {
    try (Connection connection = open();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setString(i + 1, values[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private Connection open() throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA busy_timeout = 30000");
      statement.execute("CREATE TABLE IF NOT EXISTS erasures (id TEXT PRIMARY KEY, client TEXT"
          + " NOT NULL, requested_by TEXT NOT NULL, requested_at TEXT NOT NULL, subject_hashes"
          + " TEXT NOT NULL, state TEXT NOT NULL, details TEXT NOT NULL, finished_at TEXT,"
          + " subject_keys TEXT)");
      boolean kept = false;
      try (ResultSet columns = statement.executeQuery("PRAGMA table_info(erasures)")) {
        while (columns.next()) {
          kept |= columns.getString("name").equals("subject_keys");
        }
      }
      if (!kept) { // a control store of an earlier version
        statement.execute("ALTER TABLE erasures ADD COLUMN subject_keys TEXT");
      }
    }
    return connection;
  }

  private RetriableException failure(SQLException e) {
    return new RetriableException(ErrorCode.CONTROL_STORE_FAILED, "Cannot write the erasure"
        + " audit to " + database + ": " + e.getMessage(), e);
  }
}
