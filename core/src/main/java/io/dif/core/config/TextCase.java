package io.dif.core.config;

/** Case normalization of a text column's values. */
public enum TextCase {
  /** Lower case (locale-independent). */
  LOWER,
  /** Upper case (locale-independent). */
  UPPER
}
