package io.dif.core.config;

/** How a batch reaches the warehouse table. */
public enum LoadMode {
  /** Insert every row. */
  APPEND,
  /** Upsert on the dataset key: rows with a key already in the table replace it. */
  MERGE,
  /** Replace every row of the dates present in the batch. */
  REPLACE
}
