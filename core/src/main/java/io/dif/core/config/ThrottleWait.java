package io.dif.core.config;

/** Where a throttle answer says how long to wait (see {@link ThrottleConfig#waitOrder}). */
public enum ThrottleWait {
  /** The standard Retry-After header: seconds or an HTTP date. */
  RETRY_AFTER,
  /** The platform's own hint, {@link ThrottleConfig#waitHeader}. */
  WAIT_HEADER,
  /** A reset time of {@link ThrottleConfig#resetHeaders}, when no request is left. */
  RESET
}
