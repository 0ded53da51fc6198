package io.dif.control;

import io.dif.core.apikey.ApiKey;
import io.dif.core.apikey.ApiKeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** API key hashes in the embedded SQLite control store (table {@code api_keys}). */
public final class SqliteApiKeyStore implements ApiKeyStore {
  private static final String COLUMNS =
      "id, client, source, hash, created_at, last_used_at, revoked_at";
  private final SqliteControlDatabase database;

  public SqliteApiKeyStore(SqliteControlDatabase database) {
    this.database = database;
  }

  @Override
  public void create(ApiKey key) {
    try (Connection connection = database.connect();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO api_keys (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      insert.setString(1, key.id());
      insert.setString(2, key.client());
      insert.setString(3, key.source());
      insert.setString(4, key.hash());
      insert.setLong(5, key.createdAt().toEpochMilli());
      setInstant(insert, 6, key.lastUsedAt());
      setInstant(insert, 7, key.revokedAt());
      if (insert.executeUpdate() != 1) {
        throw new IllegalStateException("API key id " + key.id() + " is stored already");
      }
    } catch (SQLException e) {
      throw database.failure("store API key " + key.id(), e);
    }
  }

  @Override
  public Optional<ApiKey> find(String id) {
    try (Connection connection = database.connect();
        PreparedStatement select = connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM api_keys WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw database.failure("read API key " + id, e);
    }
  }

  @Override
  public List<ApiKey> list(Optional<String> client) {
    String sql = "SELECT " + COLUMNS + " FROM api_keys"
        + (client.isPresent() ? " WHERE client = ?" : "")
        + " ORDER BY client, source, created_at, id";
    try (Connection connection = database.connect();
        PreparedStatement select = connection.prepareStatement(sql)) {
      if (client.isPresent()) {
        select.setString(1, client.get());
      }
      List<ApiKey> keys = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          keys.add(read(rows));
        }
      }
      return keys;
    } catch (SQLException e) {
      throw database.failure("list API keys", e);
    }
  }

  @Override
  public boolean revoke(String id, Instant at) {
    try (Connection connection = database.connect();
        PreparedStatement update = connection.prepareStatement(
            "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
      update.setLong(1, at.toEpochMilli());
      update.setString(2, id);
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw database.failure("revoke API key " + id, e);
    }
  }

  @Override
  public void touch(String id, Instant at) {
    try (Connection connection = database.connect();
        PreparedStatement update = connection.prepareStatement("UPDATE api_keys SET"
            + " last_used_at = MAX(COALESCE(last_used_at, 0), ?) WHERE id = ?")) {
      update.setLong(1, at.toEpochMilli());
      update.setString(2, id);
      update.executeUpdate();
    } catch (SQLException e) {
      throw database.failure("record the use of API key " + id, e);
    }
  }

  private static ApiKey read(ResultSet rows) throws SQLException {
    return new ApiKey(rows.getString(1), rows.getString(2), rows.getString(3),
        rows.getString(4), Instant.ofEpochMilli(rows.getLong(5)), instant(rows, 6),
        instant(rows, 7));
  }

  private static Optional<Instant> instant(ResultSet rows, int column) throws SQLException {
    long millis = rows.getLong(column);
    return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  private static void setInstant(PreparedStatement statement, int index,
      Optional<Instant> value) throws SQLException {
    if (value.isPresent()) {
      statement.setLong(index, value.get().toEpochMilli());
    } else {
      statement.setNull(index, Types.INTEGER);
    }
  }
}
