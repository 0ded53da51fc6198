package io.dif.load;

import io.dif.core.config.DestinationConfig;

/**
 * Amazon Redshift: a bare VARCHAR holds 256 bytes, so strings take the maximum; no
 * {@code IS NOT DISTINCT FROM}; distribution and sort keys come from the destination config.
 */
final class RedshiftDialect implements WarehouseDialect {
  @Override
  public String stringType() {
    return "VARCHAR(65535)";
  }

  @Override
  public boolean supportsMerge() {
    return true;
  }

  @Override
  public String tableAttributes(DestinationConfig destination) {
    StringBuilder attributes = new StringBuilder();
    destination.distKey().ifPresent(key -> attributes.append(" DISTKEY(").append(key).append(')'));
    if (!destination.sortKey().isEmpty()) {
      attributes.append(" SORTKEY(").append(String.join(", ", destination.sortKey())).append(')');
    }
    return attributes.toString();
  }

  @Override
  public String nullSafeEquals(String left, String right) {
    return "(" + left + " = " + right + " OR (" + left + " IS NULL AND " + right + " IS NULL))";
  }

  @Override
  public String columnsQuery(String schema, String table) {
    return "SELECT column_name FROM svv_columns WHERE table_schema = '"
        + LoadStatements.escape(schema) + "' AND table_name = '" + LoadStatements.escape(table)
        + "'";
  }
}
