package io.dif.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Admits at most {@code permitsPerSecond} requests in any one-second window. Rejected requests
 * take no permit, so a client that waits for {@code Retry-After} gets through.
 */
final class SlidingWindowRateLimiter {

  private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

  private final int permitsPerSecond;
  private final LongSupplier nanoClock;
  private final Deque<Long> admittedAt = new ArrayDeque<>();

  /**
   * @param permitsPerSecond 0 admits everything
   * @param nanoClock a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
   */
  SlidingWindowRateLimiter(int permitsPerSecond, LongSupplier nanoClock) {
    if (permitsPerSecond < 0) {
      throw new IllegalArgumentException(
          "Cannot create rate limiter: negative permits per second: " + permitsPerSecond);
    }
    this.permitsPerSecond = permitsPerSecond;
    this.nanoClock = nanoClock;
  }

  synchronized boolean tryAcquire() {
    if (permitsPerSecond == 0) {
      return true;
    }
    long now = nanoClock.getAsLong();
    while (!admittedAt.isEmpty() && now - admittedAt.peekFirst() >= WINDOW_NANOS) {
      admittedAt.pollFirst();
    }
    if (admittedAt.size() >= permitsPerSecond) {
      return false;
    }
    admittedAt.addLast(now);
    return true;
  }
}
