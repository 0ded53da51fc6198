package io.dif.extract.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.extract.TestingRedis;
import io.dif.extract.redis.RedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisRunLockIT extends RunLockContractTest {
  private final List<RedisConnection> connections = new ArrayList<>();

  private RedisConnection connect() {
    RedisConnection connection = TestingRedis.connect();
    connections.add(connection);
    return connection;
  }

  @Override
  protected RunLocks locks() {
    return new RedisRunLocks(connect(), Duration.ofSeconds(30));
  }

  @Override
  protected RunLocks sameLocksElsewhere(RunLocks first) {
    return locks();
  }

  @AfterEach
  void close() {
    connections.forEach(RedisConnection::close);
  }

  @Test
  void aStalledHolderWhoseLeaseLapsedCannotCommitOverTheNewerRun() {
    RedisConnection redis = connect();
    String name = "acme.meta.stalled";
    RunLocks.RunLock stalled = new RedisRunLocks(redis, Duration.ofSeconds(30)).acquire(name);
    // the holder stalls past its lease: Redis drops the key as it would on expiry
    redis.jedis().del("dif:lock:{" + name + "}");
    try (RunLocks.RunLock newer = new RedisRunLocks(connect(), Duration.ofSeconds(30))
        .acquire(name)) {
      assertThat(newer.fencingToken()).isGreaterThan(stalled.fencingToken());
      assertThatThrownBy(stalled::checkHeld).isInstanceOf(RunFencedException.class)
          .hasMessage("Cannot commit run of " + name + ": its lock (fencing token "
              + stalled.fencingToken() + ") lapsed and a newer run may have taken it over");
      // the stalled holder's release must not free the newer run's lock
      stalled.close();
      newer.checkHeld();
    }
  }

  @Test
  void theLeaseIsRenewedWhileTheRunLives() throws InterruptedException {
    RedisConnection redis = connect();
    String name = "acme.meta.renewed";
    try (RunLocks.RunLock lock = new RedisRunLocks(redis, Duration.ofMillis(900)).acquire(name)) {
      // several lease lengths pass; without renewal the key would be gone
      Thread.sleep(3000);
      assertThat(redis.jedis().get("dif:lock:{" + name + "}"))
          .isEqualTo(Long.toString(lock.fencingToken()));
      lock.checkHeld();
    }
  }
}
