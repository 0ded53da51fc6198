package io.dif.control;

import io.dif.core.state.Checkpoint;
import io.dif.core.state.CheckpointKey;
import io.dif.core.state.CheckpointStore;
import io.dif.core.state.StateConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link CheckpointStore} on the embedded SQLite control store. */
public final class SqliteCheckpointStore implements CheckpointStore {
  private static final String KEY =
      "client = ? AND source = ? AND stream = ? AND partition_key = ?";

  private final SqliteControlDatabase database;
  private final Clock clock;

  public SqliteCheckpointStore(SqliteControlDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  @Override
  public Optional<Checkpoint> checkpoint(CheckpointKey key) {
    try (Connection connection = database.connect()) {
      return read(connection, key);
    } catch (SQLException e) {
      throw database.failure("read checkpoint " + key, e);
    }
  }

  @Override
  public Checkpoint save(Checkpoint checkpoint) {
    CheckpointKey key = checkpoint.key();
    for (String reportId : checkpoint.reportIds()) {
      if (reportId.contains("\n")) {
        throw new IllegalArgumentException("Cannot save checkpoint " + key
            + ": report id with a line break");
      }
    }
    Checkpoint saved = new Checkpoint(key, checkpoint.windowStart(), checkpoint.windowEnd(),
        checkpoint.pageToken(), checkpoint.reportIds(), checkpoint.runId(),
        checkpoint.fencingToken(), clock.instant());
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      try {
        Optional<Checkpoint> current = read(connection, key);
        if (current.isPresent() && current.get().fencingToken() > checkpoint.fencingToken()) {
          throw new StateConflictException("Cannot save checkpoint " + key + " of run "
              + checkpoint.runId() + ": fencing token " + checkpoint.fencingToken()
              + " is older than " + current.get().fencingToken() + " of run "
              + current.get().runId() + "; the run lock was taken over");
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO"
            + " checkpoints (client, source, stream, partition_key, window_start, window_end,"
            + " page_token, report_ids, run_id, fencing_token, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          int index = bindKey(upsert, key);
          upsert.setString(index++, text(saved.windowStart()));
          upsert.setString(index++, text(saved.windowEnd()));
          upsert.setString(index++, saved.pageToken().orElse(null));
          upsert.setString(index++, String.join("\n", saved.reportIds()));
          upsert.setString(index++, saved.runId());
          upsert.setLong(index++, saved.fencingToken());
          upsert.setLong(index, saved.updatedAt().toEpochMilli());
          upsert.executeUpdate();
        }
        connection.commit();
        return saved;
      } catch (RuntimeException | SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw database.failure("save checkpoint " + key, e);
    }
  }

  @Override
  public boolean clear(CheckpointKey key) {
    try (Connection connection = database.connect();
        PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM checkpoints WHERE " + KEY)) {
      bindKey(delete, key);
      return delete.executeUpdate() == 1;
    } catch (SQLException e) {
      throw database.failure("clear checkpoint " + key, e);
    }
  }

  private static Optional<Checkpoint> read(Connection connection, CheckpointKey key)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT window_start,"
        + " window_end, page_token, report_ids, run_id, fencing_token, updated_at"
        + " FROM checkpoints WHERE " + KEY)) {
      bindKey(select, key);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        String reportIds = rows.getString(4);
        return Optional.of(new Checkpoint(key, date(rows.getString(1)), date(rows.getString(2)),
            Optional.ofNullable(rows.getString(3)),
            reportIds.isEmpty() ? List.of() : Arrays.asList(reportIds.split("\n")),
            rows.getString(5), rows.getLong(6), Instant.ofEpochMilli(rows.getLong(7))));
      }
    }
  }

  private static int bindKey(PreparedStatement statement, CheckpointKey key)
      throws SQLException {
    statement.setString(1, key.client());
    statement.setString(2, key.source());
    statement.setString(3, key.stream());
    statement.setString(4, key.partition());
    return 5;
  }

  private static String text(LocalDate date) {
    return date == null ? null : date.toString();
  }

  private static LocalDate date(String text) {
    return text == null ? null : LocalDate.parse(text);
  }
}
