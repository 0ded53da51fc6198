package io.dif.load;

import io.dif.core.config.ColumnType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies a dataset's retention to its warehouse table in one transaction: the client's rows
 * whose data date ({@code dt}) is before the delete cutoff are deleted, those before the
 * anonymize cutoff get each personal-data column set to its anonymous form (SQL over the stored
 * value in the warehouse's dialect, see {@link Anonymization}) where it differs. Run through
 * {@link WarehouseRows}.
 */
public final class WarehouseRetention {
  private WarehouseRetention() {}

  /**
   * One table: its name, the cutoffs (rows with {@code dt} before them), and how each
   * personal-data column is made anonymous.
   */
  public record Target(String table, Optional<LocalDate> anonymizeBefore,
      Optional<LocalDate> deleteBefore, List<Anonymization> anonymous) {}

  /**
   * The anonymous form of a column's stored value: {@code hmac_sha256} and {@code drop} become
   * NULL (a keyed hash is still personal data once the rows are old), {@code mask} keeps the last
   * characters, {@code generalize} truncates to the month or a prefix, IPv4 addresses to their
   * /24 (IPv6 ones were generalized to their /48 by the transform already).
   */
  public record Anonymization(String column, String method, int keepLast, String generalize,
      int length, ColumnType type) {

    String sql(WarehouseDialect dialect) {
      return switch (method) {
        case "mask" -> "CASE WHEN " + column + " IS NULL THEN NULL ELSE repeat('*',"
            + " greatest(length(" + column + ") - " + keepLast + ", 0)) || right(" + column
            + ", " + keepLast + ") END";
        case "generalize" -> switch (generalize) {
          case "month" -> "CAST(date_trunc('month', " + column + ") AS "
              + dialect.type(type) + ")";
          case "truncate" -> "left(" + column + ", " + length + ")";
          default -> "CASE WHEN " + dialect.regexMatches(column,
              "^[0-9]{1,3}(\\.[0-9]{1,3}){3}$") + " THEN regexp_replace(" + column
              + ", '\\.[0-9]{1,3}$', '.0') ELSE " + column + " END";
        };
        default -> "CAST(NULL AS " + dialect.type(type) + ")";
      };
    }
  }

  /** What one table lost or had anonymized. */
  public record Result(String table, long rowsAnonymized, long rowsDeleted) {}

  static Result apply(Connection connection, WarehouseDialect dialect, String client,
      Target target, boolean dryRun) throws SQLException {
    String mine = LoadStatements.CLIENT_COLUMN + " = ?";
    String dt = LoadStatements.DATE_COLUMN;
    connection.setAutoCommit(false);
    try {
      long deleted = 0;
      if (target.deleteBefore().isPresent()) {
        deleted = execute(connection, dryRun, "FROM " + target.table() + " WHERE " + mine
            + " AND " + dt + " < CAST(? AS DATE)", client, target.deleteBefore().get());
      }
      long anonymized = 0;
      if (target.anonymizeBefore().isPresent() && !target.anonymous().isEmpty()) {
        List<String> sets = new ArrayList<>();
        List<String> differs = new ArrayList<>();
        for (Anonymization column : target.anonymous()) {
          String sql = column.sql(dialect);
          sets.add(column.column() + " = " + sql);
          differs.add("NOT " + dialect.nullSafeEquals(column.column(), "(" + sql + ")"));
        }
        String where = " WHERE " + mine + " AND " + dt + " < CAST(? AS DATE)"
            + target.deleteBefore().map(d -> " AND " + dt + " >= CAST('" + d + "' AS DATE)")
                .orElse("")
            + " AND (" + String.join(" OR ", differs) + ")";
        anonymized = dryRun
            ? execute(connection, true, "FROM " + target.table() + where, client,
                target.anonymizeBefore().get())
            : update(connection, "UPDATE " + target.table() + " SET " + String.join(", ", sets)
                + where, client, target.anonymizeBefore().get());
      }
      connection.commit();
      return new Result(target.table(), anonymized, deleted);
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** {@code DELETE} (or, dry, {@code SELECT count(*)}) followed by {@code rest}. */
  private static long execute(Connection connection, boolean dryRun, String rest, String client,
      LocalDate before) throws SQLException {
    if (!dryRun) {
      return update(connection, "DELETE " + rest, client, before);
    }
    try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) " + rest)) {
      statement.setString(1, client);
      statement.setString(2, before.toString());
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static long update(Connection connection, String sql, String client,
      LocalDate before) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, client);
      statement.setString(2, before.toString());
      return statement.executeUpdate();
    }
  }
}
