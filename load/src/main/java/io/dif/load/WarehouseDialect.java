package io.dif.load;

import io.dif.core.config.ColumnType;
import io.dif.core.config.DestinationConfig;

/**
 * What differs between warehouses in the SQL a load issues. The flow itself (stage, de-duplicate,
 * then delete + insert or MERGE in one transaction) is shared: see {@link StagedLoad}.
 */
interface WarehouseDialect {

  /** The type of a string column; the other column types are spelled alike everywhere. */
  String stringType();

  /** Whether MERGE (the subset PostgreSQL 15+ and Redshift share) may replace delete + insert. */
  boolean supportsMerge();

  /** Table attributes after the column list, e.g. Redshift distribution and sort keys. */
  default String tableAttributes(DestinationConfig destination) {
    return "";
  }

  /** {@code a = b} that also matches two NULLs; used for key columns that may be NULL. */
  default String nullSafeEquals(String left, String right) {
    return left + " IS NOT DISTINCT FROM " + right;
  }

  /** Whether the column's value matches a POSIX regular expression (anchor it for a full match). */
  default String regexMatches(String column, String pattern) {
    return column + " ~ '" + LoadStatements.escape(pattern) + "'";
  }

  /** The query listing the lower-case column names of a table, one a row. */
  default String columnsQuery(String schema, String table) {
    return "SELECT column_name FROM information_schema.columns WHERE table_schema = '"
        + LoadStatements.escape(schema) + "' AND table_name = '" + LoadStatements.escape(table)
        + "'";
  }

  /** The warehouse type of a DIF column type. Timestamps are stored as UTC wall-clock time. */
  default String type(ColumnType type) {
    return switch (type.kind()) {
      case STRING -> stringType();
      case INT -> "INTEGER";
      case LONG -> "BIGINT";
      case DOUBLE -> "DOUBLE PRECISION";
      case BOOLEAN -> "BOOLEAN";
      case DATE -> "DATE";
      case TIMESTAMP -> "TIMESTAMP";
      case DECIMAL -> "DECIMAL(" + type.precision() + "," + type.scale() + ")";
    };
  }
}
