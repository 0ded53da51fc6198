package io.dif.extract.http;

import io.dif.core.config.RateLimitConfig;
import io.github.bucket4j.Bucket;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Spaces every attempt of every request to one source to the configured rate, in this process.
 * The bucket holds one token, so requests are spread evenly rather than sent in bursts that a
 * server counting per second would refuse.
 */
final class RateLimitInterceptor implements Interceptor {
  private final Bucket bucket;

  RateLimitInterceptor(RateLimitConfig config) {
    this.bucket = Bucket.builder()
        .addLimit(limit -> limit.capacity(1)
            .refillGreedy(1, Duration.ofNanos(1_000_000_000L / config.perSecond())))
        .build();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    try {
      bucket.asBlocking().consume(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the rate limit");
    }
    return chain.proceed(chain.request());
  }
}
