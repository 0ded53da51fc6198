package io.dif.load;

/** PostgreSQL: MERGE from version 15 on, delete + insert before. */
final class PostgresDialect implements WarehouseDialect {
  private final boolean merge;

  PostgresDialect(int majorVersion) {
    this.merge = majorVersion >= 15;
  }

  @Override
  public String stringType() {
    return "TEXT";
  }

  @Override
  public boolean supportsMerge() {
    return merge;
  }
}
