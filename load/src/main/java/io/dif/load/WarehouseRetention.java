package io.dif.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a dataset's retention to its DuckDB warehouse table, one transaction per table: the
 * client's rows whose data date ({@code dt}) is before the delete cutoff are deleted, those
 * before the anonymize cutoff get each personal-data column set to its anonymous form (an SQL
 * expression of the stored value, see {@link #anonymous}) where it differs. The file is then
 * rewritten whole, as after an erasure, so the old values leave the file's free blocks.
 */
public final class WarehouseRetention {
  private WarehouseRetention() {}

  /**
   * One table: its name, the cutoffs (rows with {@code dt} before them), and the anonymous form
   * of each personal-data column as SQL over the column, by column.
   */
  public record Target(String table, Optional<LocalDate> anonymizeBefore,
      Optional<LocalDate> deleteBefore, Map<String, String> anonymous) {}

  /** What one table lost or had anonymized. */
  public record Result(String table, long rowsAnonymized, long rowsDeleted) {}

  /** The anonymous form of a column as DuckDB SQL ({@code hmac_sha256} and drop: null). */
  public static String anonymous(String column, String method, int keepLast, String generalize,
      int length, String type) {
    return switch (method) {
      case "mask" -> "CASE WHEN " + column + " IS NULL THEN NULL ELSE repeat('*',"
          + " greatest(length(" + column + ") - " + keepLast + ", 0)) || right(" + column + ", "
          + keepLast + ") END";
      case "generalize" -> switch (generalize) {
        case "month" -> "CAST(date_trunc('month', " + column + ") AS " + type + ")";
        case "truncate" -> "left(" + column + ", " + length + ")";
        // IPv4 to its /24; IPv6 values were generalized to their /48 by the transform already
        default -> "CASE WHEN regexp_matches(" + column + ", '^[0-9]{1,3}(\\.[0-9]{1,3}){3}$')"
            + " THEN regexp_replace(" + column + ", '\\.[0-9]{1,3}$', '.0') ELSE " + column
            + " END";
      };
      default -> "CAST(NULL AS " + type + ")";
    };
  }

  public static List<Result> applyDuckDb(Path databaseFile, String client, List<Target> targets,
      boolean dryRun) {
    List<Result> results = new ArrayList<>();
    if (!Files.isRegularFile(databaseFile)) {
      return results;
    }
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"
        + databaseFile.toAbsolutePath())) {
      for (Target target : targets) {
        if (WarehouseErasure.exists(connection, target.table())) {
          results.add(apply(connection, client, target, dryRun));
        }
      }
      if (!dryRun && changed(results)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CHECKPOINT");
        }
      }
    } catch (SQLException e) {
      throw WarehouseErrors.classify("Cannot apply the retention to DuckDB " + databaseFile, e);
    }
    if (!dryRun && changed(results)) {
      WarehouseErasure.rewrite(databaseFile);
    }
    return results;
  }

  private static boolean changed(List<Result> results) {
    return results.stream().anyMatch(r -> r.rowsAnonymized() > 0 || r.rowsDeleted() > 0);
  }

  private static Result apply(Connection connection, String client, Target target,
      boolean dryRun) throws SQLException {
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
        target.anonymous().forEach((column, sql) -> {
          sets.add(column + " = " + sql);
          differs.add(column + " IS DISTINCT FROM (" + sql + ")");
        });
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
