package io.dif.control;

import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The embedded control store: one SQLite file (default {@code ./data/control.db}) holding
 * document states, checkpoints, fencing tokens, encrypted credentials, API key hashes and open alerts. WAL mode lets readers
 * run beside the writer; writers take the lock at the start of a transaction (BEGIN IMMEDIATE)
 * and wait up to the busy timeout for each other, so several processes can share the file.
 */
public final class SqliteControlDatabase {
  public static final Path DEFAULT_FILE = Path.of("data", "control.db");
  private static final int BUSY_TIMEOUT_MILLIS = 30_000;

  private final Path file;
  private final String url;

  private SqliteControlDatabase(Path file) {
    this.file = file;
    this.url = "jdbc:sqlite:" + file.toAbsolutePath();
  }

  /** Opens (creating when absent) the control store file and its tables. */
  public static SqliteControlDatabase open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the folder of control store " + file, e);
    }
    SqliteControlDatabase database = new SqliteControlDatabase(file);
    database.createSchema();
    return database;
  }

  public Path file() {
    return file;
  }

  /** A new connection; the caller closes it. Transactions begin IMMEDIATE (write lock first). */
  Connection connect() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.enforceForeignKeys(true);
    return config.createConnection(url);
  }

  RetriableException failure(String action, SQLException e) {
    return new RetriableException(ErrorCode.CONTROL_STORE_FAILED,
        "Cannot " + action + ": control store " + file + ": " + e.getMessage(), e);
  }

  private void createSchema() {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      for (String ddl : SCHEMA) {
        statement.executeUpdate(ddl);
      }
      // erasures recorded by an earlier version kept no requests
      boolean keepsRequests = false;
      try (java.sql.ResultSet columns = statement.executeQuery(
          "PRAGMA table_info(erasures)")) {
        while (columns.next()) {
          keepsRequests |= columns.getString("name").equals("subject_keys");
        }
      }
      if (!keepsRequests) {
        statement.executeUpdate("ALTER TABLE erasures ADD COLUMN subject_keys TEXT");
      }
    } catch (SQLException e) {
      throw failure("create tables", e);
    }
  }

  private static final String[] SCHEMA = {
      """
      CREATE TABLE IF NOT EXISTS documents (
        client TEXT NOT NULL, source TEXT NOT NULL, stream TEXT NOT NULL,
        data_date TEXT NOT NULL, doc_run_id TEXT NOT NULL, name TEXT NOT NULL,
        state TEXT NOT NULL, version INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        run_id TEXT NOT NULL, stage TEXT NOT NULL,
        rows_read INTEGER NOT NULL, rows_written INTEGER NOT NULL,
        rows_quarantined INTEGER NOT NULL, error TEXT,
        PRIMARY KEY (client, source, stream, data_date, doc_run_id, name))""",
      "CREATE INDEX IF NOT EXISTS documents_by_client_date ON documents (client, data_date)",
      "CREATE INDEX IF NOT EXISTS documents_by_client_state ON documents (client, state)",
      """
      CREATE TABLE IF NOT EXISTS document_transitions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        client TEXT NOT NULL, source TEXT NOT NULL, stream TEXT NOT NULL,
        data_date TEXT NOT NULL, doc_run_id TEXT NOT NULL, name TEXT NOT NULL,
        from_state TEXT, to_state TEXT NOT NULL, at INTEGER NOT NULL,
        run_id TEXT NOT NULL, stage TEXT NOT NULL,
        rows_read INTEGER NOT NULL, rows_written INTEGER NOT NULL,
        rows_quarantined INTEGER NOT NULL, error TEXT, reprocess INTEGER NOT NULL)""",
      """
      CREATE INDEX IF NOT EXISTS document_transitions_by_document ON document_transitions
        (client, source, stream, data_date, doc_run_id, name)""",
      """
      CREATE TABLE IF NOT EXISTS checkpoints (
        client TEXT NOT NULL, source TEXT NOT NULL, stream TEXT NOT NULL,
        partition_key TEXT NOT NULL, window_start TEXT, window_end TEXT, page_token TEXT,
        report_ids TEXT NOT NULL, run_id TEXT NOT NULL, fencing_token INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (client, source, stream, partition_key))""",
      """
      CREATE TABLE IF NOT EXISTS fencing_tokens (
        lock_name TEXT PRIMARY KEY, token INTEGER NOT NULL)""",
      """
      CREATE TABLE IF NOT EXISTS credentials (
        client TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
        ciphertext BLOB NOT NULL, key_id TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        PRIMARY KEY (client, name))""",
      """
      CREATE TABLE IF NOT EXISTS api_keys (
        id TEXT PRIMARY KEY, client TEXT NOT NULL, source TEXT NOT NULL, hash TEXT NOT NULL,
        created_at INTEGER NOT NULL, last_used_at INTEGER, revoked_at INTEGER)""",
      """
      CREATE TABLE IF NOT EXISTS open_alerts (
        client TEXT NOT NULL, subject TEXT NOT NULL, day TEXT NOT NULL, code TEXT NOT NULL,
        message TEXT NOT NULL, opened_at INTEGER NOT NULL,
        PRIMARY KEY (client, subject, day, code))""",
      """
      CREATE TABLE IF NOT EXISTS erasures (
        id TEXT PRIMARY KEY, client TEXT NOT NULL, requested_by TEXT NOT NULL,
        requested_at TEXT NOT NULL, subject_hashes TEXT NOT NULL, state TEXT NOT NULL,
        details TEXT NOT NULL, finished_at TEXT, subject_keys TEXT)"""
  };
}
