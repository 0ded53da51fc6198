package io.dif.extract.limit;

import io.dif.core.config.RateLimitConfig;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * The token buckets of a {@link RateLimitConfig}, and the cap of any one-second window.
 *
 * <p>A bucket only hands out slots: a caller sleeps until its slot, then sends. Under load (4
 * JVMs on 2 cores) threads wake late, and the requests of slots at the end of one second reach
 * the server in the next, beside that second's own: a server counting per wall-clock second saw
 * 103 requests against a limit of 100, though the slots were spaced 1.025/rate apart (which
 * forgives only 25 ms of lateness). So right before a request is sent, its caller also takes a
 * start in the last second, at most {@link #perSecondWindow} of them in any one-second window
 * (so in each wall-clock second, and in a server's sliding second too): the rate less
 * {@link #SECOND_MARGIN} (at least one), left for requests taken at the very end of a second
 * that reach the server in the next. The per-second bucket holds one token, refilled
 * {@link #SPACING_MARGIN} slower than that cap, so requests stay spread evenly and the cap only
 * binds after a stall. The per-minute bucket bounds the minute.
 */
final class RateLimitBandwidths {
  /** Share of the configured rate a one-second window holds back (rounded up to requests). */
  static final double SECOND_MARGIN = 0.025;
  /** How much slower than the cap of a second the bucket spaces requests. */
  static final double SPACING_MARGIN = 0.01;
  /** Share of the per-minute limit held back for delivery jitter. */
  static final double MINUTE_MARGIN = 0.025;

  private RateLimitBandwidths() {}

  /** Requests that may start in any one-second window: a little under the rate, at least 1. */
  static int perSecondWindow(RateLimitConfig config) {
    int rate = config.perSecond();
    return Math.max(1, rate - (int) Math.ceil(rate * SECOND_MARGIN));
  }

  static BucketConfiguration of(RateLimitConfig config) {
    long spacingNanos = Math.round(1e9 * (1 + SPACING_MARGIN) / perSecondWindow(config));
    var builder = BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(1)
            .refillGreedy(1, Duration.ofNanos(spacingNanos))
            .initialTokens(1));
    config.perMinute().ifPresent(perMinute -> builder.addLimit(limit -> limit.capacity(perMinute)
        .refillIntervally(perMinute, Duration.ofSeconds(Math.round(60 * (1 + MINUTE_MARGIN))))
        .initialTokens(perMinute)));
    return builder.build();
  }
}
