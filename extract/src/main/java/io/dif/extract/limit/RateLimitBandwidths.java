package io.dif.extract.limit;

import io.dif.core.config.RateLimitConfig;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * The token buckets of a {@link RateLimitConfig}. The per-second bucket holds one token refilled
 * every 1/rate seconds, so requests are spread evenly: a server counting per second sees at most
 * the rate, however its second boundaries fall. The spacing is {@link #MARGIN} wider than 1/rate
 * so that requests delivered a little late (a thread woken late, a slow connection) cannot
 * crowd one of the server's seconds. The per-minute bucket bounds the minute the same way.
 */
final class RateLimitBandwidths {
  /** Share of the configured rate held back for delivery jitter (25 ms in each second). */
  static final double MARGIN = 0.025;

  private RateLimitBandwidths() {}

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
