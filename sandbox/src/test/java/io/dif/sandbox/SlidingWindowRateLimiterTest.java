package io.dif.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SlidingWindowRateLimiterTest {

  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

  @Test
  void admitsThePermitsOfOneSecondThenRejects() {
    SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(3, nanos::get);

    assertThat(limiter.tryAcquire()).isTrue();
    advance(Duration.ofMillis(100));
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    advance(Duration.ofMillis(899));
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void permitsComeBackOneSecondAfterTheyWereTaken() {
    SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(2, nanos::get);
    assertThat(limiter.tryAcquire()).isTrue();
    advance(Duration.ofMillis(500));
    assertThat(limiter.tryAcquire()).isTrue();

    advance(Duration.ofMillis(500));
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    advance(Duration.ofMillis(500));
    assertThat(limiter.tryAcquire()).isTrue();
  }

  @Test
  void rejectedRequestsTakeNoPermit() {
    SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(1, nanos::get);
    assertThat(limiter.tryAcquire()).isTrue();
    for (int attempt = 0; attempt < 5; attempt++) {
      advance(Duration.ofMillis(100));
      assertThat(limiter.tryAcquire()).isFalse();
    }

    advance(Duration.ofMillis(500));

    assertThat(limiter.tryAcquire()).isTrue();
  }

  @Test
  void zeroMeansUnlimited() {
    SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(0, nanos::get);

    for (int request = 0; request < 1_000; request++) {
      assertThat(limiter.tryAcquire()).isTrue();
    }
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
