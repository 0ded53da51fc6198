package io.dif.control;

import io.dif.core.state.FencingTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@link FencingTokens} on the embedded SQLite control store: one upsert per token, which also
 * lifts the counter of a stream's lock above the tokens already in its checkpoints.
 */
public final class SqliteFencingTokens implements FencingTokens {
  private final SqliteControlDatabase database;

  public SqliteFencingTokens(SqliteControlDatabase database) {
    this.database = database;
  }

  @Override
  public long next(String lock) {
    Optional<StreamLockName> stream = StreamLockName.parse(lock);
    String floor = stream.isEmpty() ? "0" : "COALESCE((SELECT MAX(fencing_token) FROM"
        + " checkpoints WHERE client = ? AND source = ? AND stream = ?), 0)";
    try (Connection connection = database.connect();
        PreparedStatement upsert = connection.prepareStatement("INSERT INTO fencing_tokens"
            + " (lock_name, token) VALUES (?, " + floor + " + 1) ON CONFLICT (lock_name)"
            + " DO UPDATE SET token = MAX(token + 1, excluded.token) RETURNING token")) {
      upsert.setString(1, lock);
      if (stream.isPresent()) {
        upsert.setString(2, stream.get().client());
        upsert.setString(3, stream.get().source());
        upsert.setString(4, stream.get().stream());
      }
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
