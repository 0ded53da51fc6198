package io.dif.extract.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.extract.TestingRedis;
import io.dif.extract.redis.RedisConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract against a real Redis; each handle has its own connection, like a worker. */
class RedisRateLimiterIT extends RateLimiterContractTest {
  private final List<RedisConnection> connections = new ArrayList<>();

  @Override
  protected RateLimiters limiters() {
    RedisConnection connection = TestingRedis.connect();
    connections.add(connection);
    return new RedisRateLimiters(connection);
  }

  @Override
  protected RateLimiters sameBudgetElsewhere(RateLimiters first) {
    return limiters();
  }

  @AfterEach
  void close() {
    connections.forEach(RedisConnection::close);
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
