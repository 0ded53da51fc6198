package io.dif.extract.limit;

/**
 * Places in the current wall-clock second, at most {@code cap} of them, for the callers of one
 * process (see {@link RateLimitBandwidths}: the rate is counted per wall-clock second by servers).
 */
final class WallClockSeconds {
  private final int cap;
  private long second = Long.MIN_VALUE;
  private int taken;

  WallClockSeconds(int cap) {
    this.cap = cap;
  }

  /**
   * Takes a place in the second of {@code nowMillis} (epoch milliseconds): 0 if taken, else
   * the milliseconds until the next second, when to ask again.
   */
  synchronized long take(long nowMillis) {
    long current = Math.floorDiv(nowMillis, 1000);
    if (current != second) {
      second = current;
      taken = 0;
    }
    if (taken < cap) {
      taken++;
      return 0;
    }
    return 1000 - Math.floorMod(nowMillis, 1000);
  }
}
