package io.dif.extract.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.control.SqliteCheckpointStore;
import io.dif.control.SqliteControlDatabase;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.state.Checkpoint;
import io.dif.core.state.CheckpointKey;
import io.dif.core.state.CheckpointStore;
import io.dif.core.state.FencingTokens;
import io.dif.extract.TestingRedis;
import io.dif.extract.redis.RedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

class RedisRunLockIT extends RunLockContractTest {
  private final List<RedisConnection> connections = new ArrayList<>();

  private RedisConnection connect() {
    return keep(TestingRedis.connect());
  }

  private RedisConnection keep(RedisConnection connection) {
    connections.add(connection);
    return connection;
  }

  @Override
  protected RunLocks locks(FencingTokens tokens, Duration wait) {
    return new RedisRunLocks(connect(), tokens, Duration.ofSeconds(30), wait);
  }

  @Override
  protected String holderPrefix() {
    return "pid " + ProcessHandle.current().pid() + " on ";
  }

  @AfterEach
  void close() {
    connections.forEach(RedisConnection::close);
  }

  @Test
  void aStalledHolderWhoseLeaseLapsedCannotCommitOverTheNewerRun() {
    RedisConnection redis = connect();
    FencingTokens tokens = tokens();
    String name = RunLocks.streamLock("acme", "meta", stream());
    RunLocks.RunLock stalled = new RedisRunLocks(redis, tokens, Duration.ofSeconds(30),
        Duration.ZERO).acquire(name);
    // the holder stalls past its lease: Redis drops the key as it would on expiry
    redis.jedis().del(RedisRunLocks.key(name));
    try (RunLocks.RunLock newer = new RedisRunLocks(connect(), tokens, Duration.ofSeconds(30),
        Duration.ZERO).acquire(name)) {
      assertThat(newer.fencingToken()).isGreaterThan(stalled.fencingToken());
      assertThatThrownBy(stalled::checkHeld).isInstanceOf(RunFencedException.class)
          .hasMessage("Cannot commit run of " + name + ": its lock (fencing token "
              + stalled.fencingToken() + ") lapsed in Redis " + redis.url() + " and a newer run"
              + " may have taken it over");
      // the stalled holder's release must not free the newer run's lock
      stalled.close();
      newer.checkHeld();
    }
  }

  @Test
  void theLeaseIsRenewedWhileTheRunLives() throws InterruptedException {
    RedisConnection redis = connect();
    String name = RunLocks.streamLock("acme", "meta", stream());
    try (RunLocks.RunLock lock = new RedisRunLocks(redis, tokens(), Duration.ofMillis(900),
        Duration.ZERO).acquire(name)) {
      // several lease lengths pass; without renewal the key would be gone
      Thread.sleep(3000);
      assertThat(redis.jedis().get(RedisRunLocks.key(name)))
          .isEqualTo(Long.toString(lock.fencingToken()));
      lock.checkHeld();
    }
  }

  @Test
  void tokensKeepIncreasingWhenRedisRestartsEmptyAndRunsCommitAfterwards() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    SqliteControlDatabase control = SqliteControlDatabase.open(folder.resolve("control.db"));
    CheckpointStore checkpoints = new SqliteCheckpointStore(control, Clock.systemUTC());
    FencingTokens tokens = tokens();
    String stream = stream();
    String name = RunLocks.streamLock("acme", "meta", stream);
    CheckpointKey key = new CheckpointKey("acme", "meta", stream, "dt=2024-03-01");
    RedisServer server = redis(port);
    server.start();
    long before;
    RunLocks.RunLock interrupted;
    try {
      RedisRunLocks locks = new RedisRunLocks(keep(RedisConnection.connect("redis://127.0.0.1:"
          + port)), tokens, Duration.ofSeconds(30), Duration.ZERO);
      for (int i = 0; i < 3; i++) {
        try (RunLocks.RunLock lock = locks.acquire(name)) {
          checkpoints.save(checkpoint(key, lock));
        }
      }
      interrupted = locks.acquire(name);
      before = interrupted.fencingToken();
      checkpoints.save(checkpoint(key, interrupted));
    } finally {
      server.stop();
    }
    // a failover or reboot: the same address, nothing kept
    server = redis(port);
    server.start();
    try {
      RedisConnection restarted = keep(RedisConnection.connect("redis://127.0.0.1:" + port));
      assertThat(restarted.jedis().dbSize()).isZero();
      RunLocks locks = new RedisRunLocks(restarted, tokens, Duration.ofSeconds(30),
          Duration.ZERO);
      try (RunLocks.RunLock lock = locks.acquire(name)) {
        assertThat(lock.fencingToken()).isGreaterThan(before);
        checkpoints.save(checkpoint(key, lock));
        lock.checkHeld();
      }
      // the run that held the lock across the restart lost it and cannot commit; its first
      // call may meet a pooled connection the restart broke (retriable), the next one is fenced
      try {
        interrupted.checkHeld();
      } catch (DifException first) {
        assertThat(first.code()).isIn(ErrorCode.COORDINATION_UNAVAILABLE, ErrorCode.RUN_FENCED);
      }
      assertThatThrownBy(interrupted::checkHeld).isInstanceOf(RunFencedException.class);
    } finally {
      server.stop();
    }
  }

  @Test
  void switchingBetweenFileLocksAndRedisKeepsTokensMonotonic() {
    FencingTokens tokens = tokens();
    SqliteControlDatabase control = SqliteControlDatabase.open(folder.resolve("control.db"));
    CheckpointStore checkpoints = new SqliteCheckpointStore(control, Clock.systemUTC());
    String stream = stream();
    String name = RunLocks.streamLock("acme", "meta", stream);
    CheckpointKey key = new CheckpointKey("acme", "meta", stream, "dt=2024-03-01");
    RunLocks files = RunLocks.onThisMachine(folder.resolve("locks"), tokens, Duration.ZERO);
    RunLocks redis = new RedisRunLocks(connect(), tokens, Duration.ofSeconds(30),
        Duration.ZERO);
    long previous = 0;
    for (RunLocks locks : List.of(redis, redis, files, redis, files, files, redis)) {
      try (RunLocks.RunLock lock = locks.acquire(name)) {
        assertThat(lock.fencingToken()).isGreaterThan(previous);
        checkpoints.save(checkpoint(key, lock));
        lock.checkHeld();
        previous = lock.fencingToken();
      }
    }
  }

  @Test
  void anUnreachableRedisIsRetriable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThatThrownBy(() -> RedisConnection.connect("redis://127.0.0.1:" + port))
        .isInstanceOfSatisfying(DifException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.COORDINATION_UNAVAILABLE);
          assertThat(e.code().retriable()).isTrue();
        });
  }

  private static RedisServer redis(int port) throws IOException {
    return RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly no").build();
  }

  private static Checkpoint checkpoint(CheckpointKey key, RunLocks.RunLock lock) {
    return new Checkpoint(key, null, null, Optional.of("open"), List.of(),
        "run-" + lock.fencingToken(), lock.fencingToken(), null);
  }
}
