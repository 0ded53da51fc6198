package io.dif.extract.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.config.RateLimitConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link RateLimiters} implementation guarantees; one subclass per implementation. */
abstract class RateLimiterContractTest {

  /** Two limiter sets that share their budgets, as two workers of one deployment would. */
  protected abstract RateLimiters limiters();

  /** A second handle on the same shared budgets (another worker); the same object in process. */
  protected abstract RateLimiters sameBudgetElsewhere(RateLimiters first);

  private static RateLimitConfig config(int perSecond, int concurrency) {
    return new RateLimitConfig(perSecond, concurrency, Optional.empty(), Optional.empty());
  }

  private static String scope() {
    return "test:" + UUID.randomUUID();
  }

  @Test
  void neverStartsMoreThanTheRateInAnySecondWindowAcrossThreads() throws Exception {
    RateLimiters first = limiters();
    RateLimiters second = sameBudgetElsewhere(first);
    String scope = scope();
    int perSecond = 20;
    List<Long> starts = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        RateLimiter limiter = (t % 2 == 0 ? first : second).forScope(scope, config(perSecond, 6));
        workers.add(pool.submit(() -> {
          for (int i = 0; i < 8; i++) {
            try (RateLimiter.Permit permit = limiter.acquire()) {
              starts.add(System.currentTimeMillis());
            }
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(starts).hasSize(48);
    // counted like a server would: requests per wall-clock second
    Map<Long, Integer> perWindow = new TreeMap<>();
    starts.forEach(at -> perWindow.merge(at / 1000, 1, Integer::sum));
    assertThat(perWindow.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(perSecond));
  }

  @Test
  void neverHasMoreRequestsInFlightThanTheConcurrency() throws Exception {
    RateLimiters first = limiters();
    RateLimiters second = sameBudgetElsewhere(first);
    String scope = scope();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        RateLimiter limiter = (t % 2 == 0 ? first : second).forScope(scope, config(1000, 3));
        workers.add(pool.submit(() -> {
          for (int i = 0; i < 5; i++) {
            try (RateLimiter.Permit permit = limiter.acquire()) {
              most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              Thread.sleep(20);
              inFlight.decrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(most.get()).isEqualTo(3);
  }

  @Test
  void scopesHaveTheirOwnBudgets() throws Exception {
    RateLimiters limiters = limiters();
    RateLimiter a = limiters.forScope(scope(), config(1000, 1));
    RateLimiter b = limiters.forScope(scope(), config(1000, 1));
    try (RateLimiter.Permit held = a.acquire()) {
      // a's only slot is taken; b's is free, so this returns instead of waiting forever
      try (RateLimiter.Permit other = b.acquire()) {
        assertThat(other).isNotNull();
      }
    }
  }
}
