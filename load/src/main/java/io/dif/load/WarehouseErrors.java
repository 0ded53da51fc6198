package io.dif.load;

import io.dif.core.error.DataException;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Classifies a warehouse's {@link SQLException} once: what may succeed when run again
 * (connection lost, deadlock, serialization failure, out of resources, a server restarting, a
 * DuckDB file locked by another process) is retriable; what the warehouse refuses on its merits
 * (syntax, missing or mistyped objects, permissions, bad data, a broken constraint) is not.
 * PostgreSQL and Redshift say it with the SQLSTATE; DuckDB gives no SQLSTATE but names the
 * error type at the start of the message.
 */
public final class WarehouseErrors {
  private WarehouseErrors() {}

  /** The outcome: retriable or not, and with which code. */
  public enum Kind {
    /** The warehouse is locked or overloaded by other work: run again later. */
    BUSY(ErrorCode.WAREHOUSE_BUSY),
    /** The connection or the server failed: run again later. */
    UNAVAILABLE(ErrorCode.LOAD_FAILED),
    /** The warehouse refused the work on its merits: running it again fails the same way. */
    REJECTED(ErrorCode.LOAD_REJECTED);

    private final ErrorCode code;

    Kind(ErrorCode code) {
      this.code = code;
    }

    public ErrorCode code() {
      return code;
    }

    public boolean retriable() {
      return code.retriable();
    }
  }

  /**
   * The typed DIF error for {@code e}, with the message "{@code action}: the warehouse's first
   * message line".
   */
  public static DifException classify(String action, SQLException e) {
    Kind kind = kind(e);
    String message = action + ": " + firstLine(e);
    return kind.retriable() ? new RetriableException(kind.code(), message, e)
        : new DataException(kind.code(), message, e);
  }

  /** Whether and why {@code e} is worth retrying. */
  public static Kind kind(SQLException e) {
    String state = e.getSQLState();
    String text = withoutExceptionName(String.valueOf(e.getMessage()));
    if (state != null && state.length() == 5) {
      return bySqlState(state.toUpperCase(Locale.ROOT), text);
    }
    if (text.contains("Could not set lock") || text.startsWith("TransactionContext Error")
        || text.contains("write-write conflict")) {
      return Kind.BUSY;
    }
    if (text.startsWith("Out of Memory Error") || text.startsWith("Interrupt Error")
        || text.contains("No space left on device")) {
      return Kind.UNAVAILABLE;
    }
    if (hasCause(e, IOException.class)) {
      return Kind.UNAVAILABLE; // the network or the disk under the connection
    }
    return Kind.REJECTED;
  }

  private static Kind bySqlState(String state, String text) {
    String family = state.substring(0, 2);
    if (state.equals("40001") || state.equals("40P01") || state.equals("55P03")
        || state.equals("55006")) {
      return Kind.BUSY; // serialization failure, deadlock, lock not available, object in use
    }
    if (text.contains("Serializable isolation violation")) {
      return Kind.BUSY; // Redshift reports it as XX000
    }
    return switch (family) {
      // connection exception, transaction rollback, insufficient resources,
      // operator intervention (server shutting down, query cancelled), system error (I/O)
      case "08", "40", "53", "57", "58" -> Kind.UNAVAILABLE;
      default -> Kind.REJECTED; // 22 data, 23 integrity, 28 authorization, 42 syntax or access
    };
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The message on one line: its first line, and DuckDB's "Did you mean ..." hint; the context
   * lines and carets DuckDB and PostgreSQL append are dropped.
   */
  public static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName()
        : withoutExceptionName(e.getMessage());
    java.util.List<String> lines = message.strip().lines().map(String::strip)
        .filter(line -> !line.isEmpty()).toList();
    StringBuilder text = new StringBuilder(lines.isEmpty() ? message : lines.get(0));
    lines.stream().skip(1).filter(line -> line.startsWith("Did you mean"))
        .forEach(hint -> text.append(' ').append(hint));
    String line = text.toString();
    return line.startsWith("ERROR: ") ? line.substring("ERROR: ".length()) : line;
  }

  /** DuckDB's driver starts its messages with "java.sql.SQLException: ". */
  private static String withoutExceptionName(String message) {
    return message.strip().replaceFirst("^[\\w.$]*(Exception|Error): (?=\\S)", "");
  }
}
