package io.dif.control;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

class SqliteCredentialStoreIT extends CredentialStoreContractTest {

  private Path databaseFile() {
    return folder.resolve("control.db");
  }

  @Override
  EncryptedCredentialStore store(LocalKeyFiles keys, TestingClock clock) {
    return new SqliteCredentialStore(SqliteControlDatabase.open(databaseFile()), keys, clock);
  }

  @Override
  byte[] storedCiphertext(String client, String name) {
    try (Connection connection = SqliteControlDatabase.open(databaseFile()).connect();
        PreparedStatement select = connection.prepareStatement(
            "SELECT ciphertext FROM credentials WHERE client = ? AND name = ?")) {
      select.setString(1, client);
      select.setString(2, name);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getBytes(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  void overwriteCiphertext(String client, String name, byte[] ciphertext) {
    try (Connection connection = SqliteControlDatabase.open(databaseFile()).connect();
        PreparedStatement update = connection.prepareStatement(
            "UPDATE credentials SET ciphertext = ? WHERE client = ? AND name = ?")) {
      update.setBytes(1, ciphertext);
      update.setString(2, client);
      update.setString(3, name);
      if (update.executeUpdate() != 1) {
        throw new IllegalStateException("no row " + client + "." + name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  List<Path> storageFiles() throws SQLException {
    // fold the WAL into the main file so the scan sees pages as they rest on disk, too
    try (Connection connection = SqliteControlDatabase.open(databaseFile()).connect();
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
    }
    return List.of(databaseFile());
  }
}
