package io.dif.load;

/** DuckDB 1.1: no MERGE yet, so merge is delete + insert. */
final class DuckDbDialect implements WarehouseDialect {
  @Override
  public String stringType() {
    return "VARCHAR";
  }

  @Override
  public boolean supportsMerge() {
    return false;
  }
}
