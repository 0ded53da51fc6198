package io.dif.control;

import io.dif.core.credential.CredentialInfo;
import io.dif.core.credential.CredentialKind;
import io.dif.core.credential.Secret;
import io.dif.core.credential.WritableCredentialStore;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encrypted credentials in the embedded SQLite control store. Only ciphertexts of the AWS
 * Encryption SDK are stored; values are decrypted on {@link #get} and never cached.
 */
public final class SqliteCredentialStore implements EncryptedCredentialStore {
  private final SqliteControlDatabase database;
  private final CredentialCipher cipher;
  private final Clock clock;

  public SqliteCredentialStore(SqliteControlDatabase database, CredentialKeys keys, Clock clock) {
    this.database = database;
    this.cipher = new CredentialCipher(keys);
    this.clock = clock;
  }

  @Override
  public Secret get(String client, String name) {
    try (Connection connection = database.connect();
        PreparedStatement select = connection.prepareStatement(
            "SELECT ciphertext FROM credentials WHERE client = ? AND name = ?")) {
      select.setString(1, client);
      select.setString(2, name);
      byte[] ciphertext;
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          throw new ConfigurationException(ErrorCode.CREDENTIAL_MISSING, "Cannot find credential "
              + client + "." + name + ": store it with dif secrets put " + client + " " + name);
        }
        ciphertext = rows.getBytes(1);
      }
      return cipher.decrypt(client, name, ciphertext);
    } catch (SQLException e) {
      throw database.failure("read credential " + client + "." + name, e);
    }
  }

  @Override
  public void put(String client, String name, CredentialKind kind, Secret value) {
    if (value.reveal().isEmpty()) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot store credential "
          + client + "." + name + ": the value is empty");
    }
    byte[] ciphertext = cipher.encrypt(client, name, value);
    long now = clock.millis();
    try (Connection connection = database.connect();
        PreparedStatement upsert = connection.prepareStatement("INSERT INTO credentials"
            + " (client, name, kind, ciphertext, key_id, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client, name) DO UPDATE SET"
            + " kind = excluded.kind, ciphertext = excluded.ciphertext,"
            + " key_id = excluded.key_id, updated_at = excluded.updated_at")) {
      upsert.setString(1, client);
      upsert.setString(2, name);
      upsert.setString(3, kind.name());
      upsert.setBytes(4, ciphertext);
      upsert.setString(5, cipher.keys().activeKeyId());
      upsert.setLong(6, now);
      upsert.setLong(7, now);
      upsert.executeUpdate();
    } catch (SQLException e) {
      throw database.failure("store credential " + client + "." + name, e);
    }
  }

  @Override
  public Secret putIfAbsent(String client, String name, CredentialKind kind, Secret value) {
    if (value.reveal().isEmpty()) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot store credential "
          + client + "." + name + ": the value is empty");
    }
    byte[] ciphertext = cipher.encrypt(client, name, value);
    long now = clock.millis();
    try (Connection connection = database.connect();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO credentials"
            + " (client, name, kind, ciphertext, key_id, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client, name) DO NOTHING")) {
      insert.setString(1, client);
      insert.setString(2, name);
      insert.setString(3, kind.name());
      insert.setBytes(4, ciphertext);
      insert.setString(5, cipher.keys().activeKeyId());
      insert.setLong(6, now);
      insert.setLong(7, now);
      if (insert.executeUpdate() == 1) {
        return value;
      }
    } catch (SQLException e) {
      throw database.failure("store credential " + client + "." + name, e);
    }
    return get(client, name);
  }

  @Override
  public List<CredentialInfo> list(String client) {
    String sql = "SELECT client, name, kind, created_at, updated_at, key_id FROM credentials"
        + (client == null ? "" : " WHERE client = ?") + " ORDER BY client, name";
    try (Connection connection = database.connect();
        PreparedStatement select = connection.prepareStatement(sql)) {
      if (client != null) {
        select.setString(1, client);
      }
      List<CredentialInfo> found = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(new CredentialInfo(rows.getString(1), rows.getString(2),
              CredentialKind.valueOf(rows.getString(3)), Instant.ofEpochMilli(rows.getLong(4)),
              Instant.ofEpochMilli(rows.getLong(5)), rows.getString(6)));
        }
      }
      return found;
    } catch (SQLException e) {
      throw database.failure("list credentials", e);
    }
  }

  @Override
  public boolean delete(String client, String name) {
    try (Connection connection = database.connect();
        PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM credentials WHERE client = ? AND name = ?")) {
      delete.setString(1, client);
      delete.setString(2, name);
      return delete.executeUpdate() == 1;
    } catch (SQLException e) {
      throw database.failure("delete credential " + client + "." + name, e);
    }
  }

  /**
   * Re-encrypts every credential under a new wrapping key, then retires the old key. Each row is
   * replaced only if unchanged since it was read, so a concurrent {@code put} is never lost; an
   * interrupted rotation resumes with the same new key when run again.
   *
   * @return how many credentials were re-encrypted by this call
   */
  @Override
  public int rotateKey() {
    String newKeyId = cipher.keys().beginRotation();
    int rotated = 0;
    for (CredentialInfo info : list(null)) {
      if (!info.keyId().equals(newKeyId)) {
        rotated += reencrypt(info, newKeyId) ? 1 : 0;
      }
    }
    long remaining = list(null).stream().filter(info -> !info.keyId().equals(newKeyId)).count();
    if (remaining > 0) {
      throw new ConfigurationException(ErrorCode.CREDENTIAL_UNREADABLE, "Cannot complete key"
          + " rotation: " + remaining + " credentials changed during it; run it again");
    }
    cipher.keys().completeRotation();
    return rotated;
  }

  private boolean reencrypt(CredentialInfo info, String newKeyId) {
    try (Connection connection = database.connect()) {
      byte[] old;
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT ciphertext FROM credentials WHERE client = ? AND name = ?")) {
        select.setString(1, info.client());
        select.setString(2, info.name());
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next()) {
            return false;
          }
          old = rows.getBytes(1);
        }
      }
      byte[] fresh = cipher.encrypt(info.client(), info.name(),
          cipher.decrypt(info.client(), info.name(), old));
      try (PreparedStatement update = connection.prepareStatement("UPDATE credentials SET"
          + " ciphertext = ?, key_id = ? WHERE client = ? AND name = ? AND ciphertext = ?")) {
        update.setBytes(1, fresh);
        update.setString(2, newKeyId);
        update.setString(3, info.client());
        update.setString(4, info.name());
        update.setBytes(5, old);
        return update.executeUpdate() == 1;
      } finally {
        Arrays.fill(old, (byte) 0);
      }
    } catch (SQLException e) {
      throw database.failure("re-encrypt credential " + info.client() + "." + info.name(), e);
    }
  }
}
