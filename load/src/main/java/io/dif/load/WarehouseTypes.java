package io.dif.load;

import io.dif.core.config.ColumnType;

/** SQL types of DIF column types, as DuckDB, PostgreSQL and Redshift spell them. */
final class WarehouseTypes {
  private WarehouseTypes() {}

  static String sql(ColumnType type) {
    return switch (type.kind()) {
      case STRING -> "VARCHAR";
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
