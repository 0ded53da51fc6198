package io.dif.control;

import io.dif.core.state.ErasureLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Erasures in the SQLite control store's {@code erasures} table: audit hashes and kept requests
 * as comma-separated lists ({@code field=keyedHash} for a request).
 */
public final class SqliteErasureLedger implements ErasureLedger {
  private final SqliteControlDatabase database;

  public SqliteErasureLedger(SqliteControlDatabase database) {
    this.database = database;
  }

  @Override
  public void started(Erasure erasure) {
    try (Connection connection = database.connect();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO erasures (id,"
            + " client, requested_by, requested_at, subject_hashes, state, details,"
            + " subject_keys) VALUES (?, ?, ?, ?, ?, 'STARTED', '', ?)")) {
      insert.setString(1, erasure.id());
      insert.setString(2, erasure.client());
      insert.setString(3, erasure.requestedBy());
      insert.setString(4, erasure.requestedAt().toString());
      insert.setString(5, String.join(",", erasure.auditHashes()));
      insert.setString(6, String.join(",", erasure.requests().stream()
          .map(Request::entry).toList()));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw database.failure("record the erasure " + erasure.id(), e);
    }
  }

  @Override
  public void done(String client, String id, String details, Instant at) {
    try (Connection connection = database.connect();
        PreparedStatement update = connection.prepareStatement("UPDATE erasures SET state ="
            + " 'DONE', details = ?, finished_at = ? WHERE client = ? AND id = ?")) {
      update.setString(1, details);
      update.setString(2, at.toString());
      update.setString(3, client);
      update.setString(4, id);
      update.executeUpdate();
    } catch (SQLException e) {
      throw database.failure("record the end of the erasure " + id, e);
    }
  }

  @Override
  public List<Erasure> erasures(String client) {
    List<Erasure> erasures = new ArrayList<>();
    try (Connection connection = database.connect();
        PreparedStatement query = connection.prepareStatement("SELECT id, requested_by,"
            + " requested_at, subject_hashes, subject_keys, details, finished_at FROM erasures"
            + " WHERE client = ? ORDER BY requested_at, id")) {
      query.setString(1, client);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          erasures.add(new Erasure(rows.getString(1), client, rows.getString(2),
              Instant.parse(rows.getString(3)), list(rows.getString(4)),
              list(rows.getString(5)).stream().map(Request::parse).toList(),
              rows.getString(6), Optional.ofNullable(rows.getString(7)).map(Instant::parse)));
        }
      }
    } catch (SQLException e) {
      throw database.failure("read the erasures of client " + client, e);
    }
    return erasures;
  }

  private static List<String> list(String joined) {
    return joined == null || joined.isEmpty() ? List.of()
        : Arrays.asList(joined.split(","));
  }
}
