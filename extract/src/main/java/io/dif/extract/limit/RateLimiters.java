package io.dif.extract.limit;

import io.dif.core.config.RateLimitConfig;

/**
 * Hands out the {@link RateLimiter} of a scope. Limiters of one scope share their budget: in this
 * process ({@link #inProcess()}) or across processes ({@link RedisRateLimiters}).
 */
public interface RateLimiters {

  /** The limiter of {@code scope}, configured by {@code config} on first use. */
  RateLimiter forScope(String scope, RateLimitConfig config);

  /** Limits shared by the threads of this process only (the embedded default). */
  static RateLimiters inProcess() {
    return new InProcessRateLimiters();
  }
}
