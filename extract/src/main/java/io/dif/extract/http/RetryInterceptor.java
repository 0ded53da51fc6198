package io.dif.extract.http;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.dif.core.config.RetryConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries throttled (429), failed (5xx) and broken (I/O error) requests with exponential backoff
 * and jitter, honoring {@code Retry-After}. The last answer is returned as it is when the
 * attempts run out, so the caller reports the real status and body.
 */
final class RetryInterceptor implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger(RetryInterceptor.class);
  private final RetryPolicy<Response> policy;

  RetryInterceptor(RetryConfig config) {
    this.policy = RetryPolicy.<Response>builder()
        .handle(IOException.class)
        .abortOn(InterruptedIOException.class)
        .handleResultIf(RetryInterceptor::retriable)
        .withBackoff(config.initialBackoff(), config.maxBackoff())
        .withJitter(0.25)
        .withDelayFn(context -> retryAfter(context.getLastResult()))
        .withMaxAttempts(config.maxAttempts())
        .onRetry(event -> {
          Response last = event.getLastResult();
          if (last != null) {
            LOG.info("Retrying {} {} after HTTP {} (attempt {})", last.request().method(),
                RedactedUrl.of(last.request().url()), last.code(), event.getAttemptCount() + 1);
            last.close();
          } else {
            LOG.info("Retrying after {} (attempt {})", event.getLastException().toString(),
                event.getAttemptCount() + 1);
          }
        })
        .build();
  }

  static boolean retriable(Response response) {
    return response.code() == 429 || response.code() >= 500;
  }

  /** The server's Retry-After in seconds, or -1 to use the backoff. */
  static Duration retryAfter(Response response) {
    if (response == null) {
      return Duration.ofMillis(-1);
    }
    String header = response.header("Retry-After");
    if (header == null) {
      return Duration.ofMillis(-1);
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return Duration.ofMillis(-1);
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    try {
      return Failsafe.with(policy).get(() -> chain.proceed(chain.request()));
    } catch (FailsafeException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }
}
