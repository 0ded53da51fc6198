package io.dif.extract.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.extract.TestingRedis;
import io.dif.extract.redis.RedisConnection;
import io.dif.core.config.RateLimitConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract against a real Redis; each handle has its own connection, like a worker. */
class RedisRateLimiterIT extends RateLimiterContractTest {
  private final List<RedisConnection> connections = new ArrayList<>();

  @Override
  protected RateLimiters limiters() {
    RedisConnection connection = TestingRedis.connect();
    connections.add(connection);
    return new RedisRateLimiters(connection, Duration.ofSeconds(60));
  }

  @Override
  protected RateLimiters sameBudgetElsewhere(RateLimiters first) {
    return limiters();
  }

  @AfterEach
  void close() {
    connections.forEach(RedisConnection::close);
  }

  /**
   * A worker holding every slot keeps them while it lives, however long its requests last; once
   * it stops renewing (killed: here its renewals stop and its permits are never closed), its
   * slots free themselves within one lease.
   */
  @Test
  void aDeadWorkersSlotsFreeWithinOneLeaseAndALiveOnesDoNot() throws Exception {
    Duration lease = Duration.ofSeconds(3);
    RateLimitConfig config = new RateLimitConfig(1000, 2, Optional.of("leased"), Optional.empty());
    RedisConnection deadConnection = TestingRedis.connect();
    connections.add(deadConnection);
    RedisRateLimiters dying = new RedisRateLimiters(deadConnection, lease);
    RateLimiter held = dying.forScope("leased", config);
    held.acquire();
    held.acquire();

    RedisConnection otherConnection = TestingRedis.connect();
    connections.add(otherConnection);
    RateLimiter other = new RedisRateLimiters(otherConnection, lease).forScope("leased", config);
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try {
      Future<RateLimiter.Permit> next = waiter.submit(other::acquire);
      // three leases: without renewals the slots would have lapsed twice over
      assertThatThrownBy(() -> next.get(3 * lease.toMillis(), TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class);

      dying.close();
      next.get(lease.toMillis() + 2_000, TimeUnit.MILLISECONDS).close();
    } finally {
      waiter.shutdownNow();
    }
  }

  @Test
  void unreachableRedisFailsNamingTheUrlWithoutItsPassword() {
    int closedPort = io.dif.extract.TestingRedisPorts.unused();
    assertThatThrownBy(() -> RedisConnection.connect("redis://worker:s3cret@127.0.0.1:"
        + closedPort))
        .isInstanceOf(RetriableException.class)
        .hasMessageStartingWith("Cannot connect to Redis: Redis unreachable: redis://worker:[hidden]@127.0.0.1:" + closedPort)
        .hasMessageNotContaining("s3cret")
        .satisfies(e -> assertThat(((RetriableException) e).code())
            .isEqualTo(ErrorCode.COORDINATION_UNAVAILABLE));
  }
}
