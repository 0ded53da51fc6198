package io.dif.extract.limit;

import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * The request budget of one scope (e.g. a platform account), shared by every caller that gets it
 * from the same {@link RateLimiters}: a rate (per second, optionally per minute) and a number of
 * requests in flight at once.
 */
public interface RateLimiter {

  /**
   * Waits until one more request may start, both by rate and by concurrency; close the permit
   * when the response is consumed.
   */
  Permit acquire() throws InterruptedIOException;

  /**
   * The platform throttled a request: no caller of this scope starts a request for
   * {@code pause} (a Retry-After or reset header, or a backoff).
   */
  void pause(Duration pause);

  /** A request in flight; closing it frees its concurrency slot. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }
}
