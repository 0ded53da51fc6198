package io.dif.extract;

import io.dif.core.config.RetryConfig;
import java.time.Duration;

/**
 * Fetches a page or file again when its body breaks off after the answer began (a truncated
 * body, "unexpected end of stream", a connection reset): the HTTP client's retries end when
 * the headers arrive, so the landing retries the whole request, up to the source's
 * {@code retry.max_attempts}, with the same doubling backoff.
 */
final class PageRetries {
  private final RetryConfig config;
  private final ReportJob.Sleeper sleeper;

  PageRetries(RetryConfig config, ReportJob.Sleeper sleeper) {
    this.config = config;
    this.sleeper = sleeper;
  }

  /** Whether another attempt may follow attempt {@code attempt} (counted from 1). */
  boolean mayRetry(int attempt) {
    return attempt < config.maxAttempts();
  }

  int maxAttempts() {
    return config.maxAttempts();
  }

  /** Waits the backoff before the attempt after {@code attempt}. */
  void backoff(int attempt, String what) {
    Duration wait = config.initialBackoff().multipliedBy(1L << Math.min(20, attempt - 1));
    if (wait.compareTo(config.maxBackoff()) > 0) {
      wait = config.maxBackoff();
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to fetch again " + what, e);
    }
  }
}
