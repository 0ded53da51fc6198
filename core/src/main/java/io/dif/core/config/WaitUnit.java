package io.dif.core.config;

/** What the number of a wait header means. */
public enum WaitUnit {
  MILLISECONDS,
  SECONDS,
  MINUTES,
  /** The time the limit resets, as seconds since the epoch. */
  EPOCH_SECONDS
}
