package io.dif.control;

import io.dif.core.alert.AlertKey;
import io.dif.core.alert.AlertLedger;
import io.dif.core.alert.OpenAlert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Open alerts in the embedded SQLite control store (table {@code open_alerts}). */
public final class SqliteAlertLedger implements AlertLedger {
  private final SqliteControlDatabase database;

  public SqliteAlertLedger(SqliteControlDatabase database) {
    this.database = database;
  }

  @Override
  public boolean open(OpenAlert alert) {
    AlertKey key = alert.key();
    try (Connection connection = database.connect();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO open_alerts"
            + " (client, subject, day, code, message, opened_at) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (client, subject, day, code) DO NOTHING")) {
      setKey(insert, key);
      insert.setString(5, alert.message());
      insert.setLong(6, alert.openedAt().toEpochMilli());
      return insert.executeUpdate() == 1;
    } catch (SQLException e) {
      throw database.failure("record alert of client " + key.client(), e);
    }
  }

  @Override
  public List<OpenAlert> open(String client) {
    try (Connection connection = database.connect();
        PreparedStatement select = connection.prepareStatement("SELECT subject, day, code,"
            + " message, opened_at FROM open_alerts WHERE client = ?"
            + " ORDER BY opened_at, subject, day, code")) {
      select.setString(1, client);
      List<OpenAlert> alerts = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          alerts.add(new OpenAlert(new AlertKey(client, rows.getString(1),
              LocalDate.parse(rows.getString(2)), rows.getString(3)), rows.getString(4),
              Instant.ofEpochMilli(rows.getLong(5))));
        }
      }
      return alerts;
    } catch (SQLException e) {
      throw database.failure("read open alerts of client " + client, e);
    }
  }

  @Override
  public boolean resolve(AlertKey key) {
    try (Connection connection = database.connect();
        PreparedStatement delete = connection.prepareStatement("DELETE FROM open_alerts"
            + " WHERE client = ? AND subject = ? AND day = ? AND code = ?")) {
      setKey(delete, key);
      return delete.executeUpdate() == 1;
    } catch (SQLException e) {
      throw database.failure("resolve alert of client " + key.client(), e);
    }
  }

  private static void setKey(PreparedStatement statement, AlertKey key) throws SQLException {
    statement.setString(1, key.client());
    statement.setString(2, key.subject());
    statement.setString(3, key.day().toString());
    statement.setString(4, key.code());
  }
}
