package io.dif.extract.limit;

import io.dif.core.config.RateLimitConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BlockingBucket;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/** Limits shared by the threads of one process: Bucket4j buckets and semaphores per scope. */
final class InProcessRateLimiters implements RateLimiters {
  private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

  @Override
  public RateLimiter forScope(String scope, RateLimitConfig config) {
    return limiters.computeIfAbsent(scope, name -> new InProcessRateLimiter(config));
  }

  private static final class InProcessRateLimiter implements RateLimiter {
    private final BlockingBucket bucket;
    private final Semaphore inFlight;
    private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());
    private final SlidingSecond lastSecond;

    InProcessRateLimiter(RateLimitConfig config) {
      var builder = Bucket.builder();
      for (Bandwidth bandwidth : RateLimitBandwidths.of(config).getBandwidths()) {
        builder.addLimit(bandwidth);
      }
      this.bucket = builder.build().asBlocking();
      this.inFlight = new Semaphore(config.concurrency(), true);
      this.lastSecond = new SlidingSecond(RateLimitBandwidths.perSecondWindow(config));
    }

    @Override
    public Permit acquire() throws InterruptedIOException {
      try {
        inFlight.acquire();
        try {
          long wait;
          while ((wait = pausedUntilNanos.get() - System.nanoTime()) > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          bucket.consume(1);
          // right before sending: a thread woken late must not crowd a second
          while ((wait = lastSecond.take(System.nanoTime())) > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        } catch (InterruptedException | RuntimeException e) {
          inFlight.release();
          throw e;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the rate limit");
      }
      return inFlight::release;
    }

    @Override
    public void pause(Duration pause) {
      long until = System.nanoTime() + pause.toNanos();
      pausedUntilNanos.accumulateAndGet(until, (a, b) -> a - b > 0 ? a : b);
    }
  }
}
