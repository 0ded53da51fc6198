package io.dif.control;

import io.dif.core.state.DocumentId;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.state.InvalidTransitionException;
import io.dif.core.state.RowCounts;
import io.dif.core.state.StateConflictException;
import io.dif.core.state.StateStore;
import io.dif.core.state.Transition;
import io.dif.core.state.TransitionRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@link StateStore} on the embedded SQLite control store. */
public final class SqliteStateStore implements StateStore {
  private static final String KEY = "client = ? AND source = ? AND stream = ? AND data_date = ?"
      + " AND doc_run_id = ? AND name = ?";
  private static final String COLUMNS = "client, source, stream, data_date, doc_run_id, name,"
      + " state, version, updated_at, run_id, stage, rows_read, rows_written, rows_quarantined,"
      + " error";

  private final SqliteControlDatabase database;
  private final Clock clock;

  public SqliteStateStore(SqliteControlDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  @Override
  public DocumentStatus land(DocumentId id, Transition transition) {
    if (transition.to() != DocumentState.LANDED) {
      throw new InvalidTransitionException("Cannot land document " + id
          + ": a new document starts LANDED, not " + transition.to());
    }
    DocumentStatus status = status(id, transition, 1);
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      try {
        if (read(connection, id).isPresent()) {
          throw new StateConflictException("Cannot land document " + id + ": it exists");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO documents ("
            + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          int next = bindKey(insert, 1, id);
          bindStatus(insert, next, status);
          insert.executeUpdate();
        }
        recordTransition(connection, id, null, status, false);
        connection.commit();
        return status;
      } catch (RuntimeException | SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw database.failure("land document " + id, e);
    }
  }

  @Override
  public DocumentStatus transition(DocumentId id, long expectedVersion, Transition transition) {
    return move(id, expectedVersion, transition, false);
  }

  @Override
  public DocumentStatus reprocess(DocumentId id, long expectedVersion, Transition transition) {
    return move(id, expectedVersion, transition, true);
  }

  private DocumentStatus move(DocumentId id, long expectedVersion, Transition transition,
      boolean reprocess) {
    String action = (reprocess ? "reprocess document " : "move document ") + id + " to "
        + transition.to();
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      try {
        DocumentStatus current = read(connection, id).orElseThrow(() ->
            new InvalidTransitionException("Cannot " + action + ": no such document"));
        StateRules.check(action, current, expectedVersion, transition, reprocess);
        DocumentStatus next = status(id, transition, current.version() + 1);
        try (PreparedStatement update = connection.prepareStatement("UPDATE documents SET"
            + " state = ?, version = ?, updated_at = ?, run_id = ?, stage = ?, rows_read = ?,"
            + " rows_written = ?, rows_quarantined = ?, error = ? WHERE " + KEY
            + " AND version = ?")) {
          int index = bindStatus(update, 1, next);
          index = bindKey(update, index, id);
          update.setLong(index, expectedVersion);
          if (update.executeUpdate() != 1) {
            throw StateRules.conflict(action, expectedVersion);
          }
        }
        recordTransition(connection, id, current.state(), next, reprocess);
        connection.commit();
        return next;
      } catch (RuntimeException | SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw database.failure(action, e);
    }
  }

  @Override
  public Optional<DocumentStatus> get(DocumentId id) {
    try (Connection connection = database.connect()) {
      return read(connection, id);
    } catch (SQLException e) {
      throw database.failure("read document " + id, e);
    }
  }

  @Override
  public List<DocumentStatus> find(DocumentQuery query) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
        + " FROM documents WHERE client = ?");
    List<Object> parameters = new ArrayList<>();
    parameters.add(query.client());
    query.date().ifPresent(date -> {
      sql.append(" AND data_date = ?");
      parameters.add(date.toString());
    });
    query.source().ifPresent(source -> {
      sql.append(" AND source = ?");
      parameters.add(source);
    });
    if (!query.states().isEmpty()) {
      sql.append(" AND state IN (").append(query.states().stream().map(s -> "?")
          .collect(Collectors.joining(", "))).append(")");
      query.states().stream().map(Enum::name).sorted().forEach(parameters::add);
    }
    query.updatedBefore().ifPresent(instant -> {
      sql.append(" AND updated_at < ?");
      parameters.add(instant.toEpochMilli());
    });
    sql.append(" ORDER BY data_date, source, stream, doc_run_id, name");
    try (Connection connection = database.connect();
        PreparedStatement select = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < parameters.size(); i++) {
        select.setObject(i + 1, parameters.get(i));
      }
      List<DocumentStatus> found = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(statusOf(rows));
        }
      }
      return found;
    } catch (SQLException e) {
      throw database.failure("find documents of client " + query.client(), e);
    }
  }

  @Override
  public List<TransitionRecord> history(DocumentId id) {
    try (Connection connection = database.connect();
        PreparedStatement select = connection.prepareStatement("SELECT from_state, to_state, at,"
            + " run_id, stage, rows_read, rows_written, rows_quarantined, error, reprocess"
            + " FROM document_transitions WHERE " + KEY + " ORDER BY id")) {
      bindKey(select, 1, id);
      List<TransitionRecord> history = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String from = rows.getString(1);
          history.add(new TransitionRecord(id, from == null ? null : DocumentState.valueOf(from),
              DocumentState.valueOf(rows.getString(2)), Instant.ofEpochMilli(rows.getLong(3)),
              rows.getString(4), rows.getString(5),
              new RowCounts(rows.getLong(6), rows.getLong(7), rows.getLong(8)),
              rows.getString(9), rows.getInt(10) == 1));
        }
      }
      return history;
    } catch (SQLException e) {
      throw database.failure("read history of document " + id, e);
    }
  }

  private DocumentStatus status(DocumentId id, Transition transition, long version) {
    return new DocumentStatus(id, transition.to(), version, clock.instant(), transition.runId(),
        transition.stage(), transition.rows(), transition.error());
  }

  private static Optional<DocumentStatus> read(Connection connection, DocumentId id)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
        + " FROM documents WHERE " + KEY)) {
      bindKey(select, 1, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(statusOf(rows)) : Optional.empty();
      }
    }
  }

  private static DocumentStatus statusOf(ResultSet rows) throws SQLException {
    DocumentId id = new DocumentId(rows.getString(1), rows.getString(2), rows.getString(3),
        LocalDate.parse(rows.getString(4)), rows.getString(5), rows.getString(6));
    return new DocumentStatus(id, DocumentState.valueOf(rows.getString(7)), rows.getLong(8),
        Instant.ofEpochMilli(rows.getLong(9)), rows.getString(10), rows.getString(11),
        new RowCounts(rows.getLong(12), rows.getLong(13), rows.getLong(14)), rows.getString(15));
  }

  private static void recordTransition(Connection connection, DocumentId id,
      DocumentState from, DocumentStatus to, boolean reprocess) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO"
        + " document_transitions (client, source, stream, data_date, doc_run_id, name,"
        + " from_state, to_state, at, run_id, stage, rows_read, rows_written, rows_quarantined,"
        + " error, reprocess) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int index = bindKey(insert, 1, id);
      insert.setString(index++, from == null ? null : from.name());
      insert.setString(index++, to.state().name());
      insert.setLong(index++, to.updatedAt().toEpochMilli());
      insert.setString(index++, to.runId());
      insert.setString(index++, to.stage());
      insert.setLong(index++, to.rows().read());
      insert.setLong(index++, to.rows().written());
      insert.setLong(index++, to.rows().quarantined());
      insert.setString(index++, to.error());
      insert.setInt(index, reprocess ? 1 : 0);
      insert.executeUpdate();
    }
  }

  private static int bindKey(PreparedStatement statement, int index, DocumentId id)
      throws SQLException {
    statement.setString(index++, id.client());
    statement.setString(index++, id.source());
    statement.setString(index++, id.stream());
    statement.setString(index++, id.date().toString());
    statement.setString(index++, id.runId());
    statement.setString(index++, id.name());
    return index;
  }

  /** Binds state, version, updated_at, run_id, stage, three counts and error. */
  private static int bindStatus(PreparedStatement statement, int index, DocumentStatus status)
      throws SQLException {
    statement.setString(index++, status.state().name());
    statement.setLong(index++, status.version());
    statement.setLong(index++, status.updatedAt().toEpochMilli());
    statement.setString(index++, status.runId());
    statement.setString(index++, status.stage());
    statement.setLong(index++, status.rows().read());
    statement.setLong(index++, status.rows().written());
    statement.setLong(index++, status.rows().quarantined());
    statement.setString(index++, status.error());
    return index;
  }
}
