package io.dif.core.config;

/** The warehouse kinds DIF loads into. */
public enum Warehouse {
  /** The embedded default: a DuckDB file. */
  DUCKDB,
  /** PostgreSQL 12 or later (MERGE from 15). */
  POSTGRES,
  /** Amazon Redshift. */
  REDSHIFT
}
