package io.dif.extract.limit;

/**
 * The request starts of the last second, for the callers of one process: at most {@code cap} in
 * any window of one second, so at most that many in each of a server's wall-clock seconds too
 * (see {@link RateLimitBandwidths}).
 */
final class SlidingSecond {
  private static final long SECOND = 1_000_000_000L;
  private final long[] starts;
  private int oldest;
  private int taken;

  SlidingSecond(int cap) {
    this.starts = new long[cap];
  }

  /**
   * Takes a start at {@code nowNanos} (a monotonic clock): 0 if taken, else the nanoseconds
   * until the oldest start of the last second leaves it, when to ask again.
   */
  synchronized long take(long nowNanos) {
    if (taken == starts.length) {
      long wait = starts[oldest] + SECOND - nowNanos;
      if (wait > 0) {
        return wait;
      }
      oldest = (oldest + 1) % starts.length;
      taken--;
    }
    starts[(oldest + taken) % starts.length] = nowNanos;
    taken++;
    return 0;
  }
}
