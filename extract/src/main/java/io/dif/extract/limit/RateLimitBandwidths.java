package io.dif.extract.limit;

import io.dif.core.config.RateLimitConfig;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * The token buckets of a {@link RateLimitConfig}, and the cap of each wall-clock second. The
 * per-second bucket holds one token refilled every 1/rate seconds, so requests are spread
 * evenly; the spacing is {@link #MARGIN} wider than 1/rate. A bucket only hands out slots: a
 * caller sleeps until its slot, and a thread woken late (a loaded machine, 4 JVMs on 2 cores)
 * sends its request in the next slots' second, so a server counting per wall-clock second saw
 * 103 requests against a limit of 100 (the spacing forgives only 25 ms of such lateness). So
 * right before a request is sent, the caller also takes a place in the current wall-clock
 * second, capped at {@link #perWallClockSecond} (a little under the rate, for requests taken at
 * the end of a second that reach the server in the next). The per-minute bucket bounds the
 * minute.
 */
final class RateLimitBandwidths {
  /** Share of the configured rate the spacing holds back (35 ms in each second). */
  static final double MARGIN = 0.035;
  /** Share of the configured rate the cap of a wall-clock second holds back (at least 1). */
  static final double SECOND_MARGIN = 0.02;

  private RateLimitBandwidths() {}

  /** Requests that may start in one wall-clock second, a little under the rate (at least 1). */
  static int perWallClockSecond(RateLimitConfig config) {
    int rate = config.perSecond();
    return Math.max(1, rate - (int) Math.ceil(rate * SECOND_MARGIN));
  }

  static BucketConfiguration of(RateLimitConfig config) {
    var builder = BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(1)
            .refillGreedy(1, Duration.ofNanos(Math.round(1e9 * (1 + MARGIN) / config.perSecond())))
            .initialTokens(1));
    config.perMinute().ifPresent(perMinute -> builder.addLimit(limit -> limit.capacity(perMinute)
        .refillIntervally(perMinute, Duration.ofSeconds(Math.round(60 * (1 + MARGIN))))
        .initialTokens(perMinute)));
    return builder.build();
  }
}
