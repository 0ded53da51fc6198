package io.dif.core.config;

/** What reaching {@code paginate.max_pages} does. */
public enum MaxPagesAction {
  /** Fail the stream: a silent partial result is worse than none. */
  FAIL,
  /** End the chain after the last allowed page (for APIs that page without end). */
  STOP
}
