package io.dif.extract.http;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.dif.core.config.RetryConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries throttled (429 or a configured throttle answer), failed (5xx) and broken (I/O error)
 * requests with exponential backoff and jitter. A throttle answer pauses the whole source for
 * the wait the server named ({@code Retry-After}, reset headers), or for the configured pause
 * when it named none; every attempt first waits out such a pause. The last answer is returned
 * as it is when the attempts run out, so the caller reports the real status and body.
 */
final class RetryInterceptor implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger(RetryInterceptor.class);
  private final RetryPolicy<Response> policy;
  private final ThrottleRule throttle;
  private final SourcePause pause;
  private final Clock clock;
  private final RetryConfig config;
  private final java.util.function.Consumer<Duration> sharedPause;

  RetryInterceptor(RetryConfig config, ThrottleRule throttle, SourcePause pause, Clock clock) {
    this(config, throttle, pause, clock, wait -> { });
  }

  /**
   * @param sharedPause told of every throttle wait too, so the shared rate limiter makes every
   *     process of the scope wait it out, not only this one
   */
  RetryInterceptor(RetryConfig config, ThrottleRule throttle, SourcePause pause, Clock clock,
      java.util.function.Consumer<Duration> sharedPause) {
    this.sharedPause = sharedPause;
    this.config = config;
    this.throttle = throttle;
    this.pause = pause;
    this.clock = clock;
    this.policy = RetryPolicy.<Response>builder()
        .handle(IOException.class)
        // A time-out is an InterruptedIOException too, and is retried; only a thread that was
        // interrupted (a stop, a cancelled chain) gives up at once.
        .abortIf((response, failure) -> failure != null && interrupted(failure))
        .handleResultIf(response -> response.code() >= 500 || throttle.isThrottle(response))
        .withBackoff(config.initialBackoff(), config.maxBackoff())
        .withJitter(0.25)
        .withDelayFn(context -> throttleWait(context.getLastResult()))
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

  /**
   * After a throttle answer: pauses the whole source for the wait the server asked for (the
   * retried attempt then waits it out in {@link SourcePause#awaitClear}, with every other
   * request of the source) and retries at once; -1 (use the backoff) for other failures.
   */
  private Duration throttleWait(Response response) {
    if (response == null || !throttle.isThrottle(response)) {
      return Duration.ofMillis(-1);
    }
    Duration wait = throttle.requestedWait(response, clock).orElse(
        response.code() == 429 ? config.initialBackoff() : throttle.defaultPause());
    pause.pauseFor(wait);
    sharedPause.accept(wait);
    return Duration.ZERO;
  }

  private static boolean interrupted(Throwable failure) {
    return Thread.currentThread().isInterrupted()
        || (failure instanceof InterruptedIOException
            && !(failure instanceof java.net.SocketTimeoutException)
            && !"timeout".equals(failure.getMessage()));
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    try {
      return Failsafe.with(policy).get(() -> {
        pause.awaitClear();
        return chain.proceed(chain.request());
      });
    } catch (FailsafeException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }
}
