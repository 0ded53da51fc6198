package io.dif.control;

import io.dif.core.state.FencingTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** {@link FencingTokens} on the embedded SQLite control store. */
public final class SqliteFencingTokens implements FencingTokens {
  private final SqliteControlDatabase database;

  public SqliteFencingTokens(SqliteControlDatabase database) {
    this.database = database;
  }

  @Override
  public long next(String lock) {
    try (Connection connection = database.connect();
        PreparedStatement upsert = connection.prepareStatement("INSERT INTO fencing_tokens"
            + " (lock_name, token) VALUES (?, 1) ON CONFLICT (lock_name) DO UPDATE"
            + " SET token = token + 1 RETURNING token")) {
      upsert.setString(1, lock);
      try (ResultSet rows = upsert.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw database.failure("take a fencing token for lock " + lock, e);
    }
  }

  @Override
  public long current(String lock) {
    try (Connection connection = database.connect();
        PreparedStatement select = connection.prepareStatement(
            "SELECT token FROM fencing_tokens WHERE lock_name = ?")) {
      select.setString(1, lock);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw database.failure("read the fencing token of lock " + lock, e);
    }
  }
}
