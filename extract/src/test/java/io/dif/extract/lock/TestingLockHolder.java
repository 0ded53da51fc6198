package io.dif.extract.lock;

import io.dif.control.SqliteControlDatabase;
import io.dif.control.SqliteFencingTokens;
import io.dif.extract.redis.RedisConnection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process that takes one run lock (a file lock, or a Redis lease when a Redis URL is given),
 * prints "HELD token", and releases it when it reads a line; tests kill it to see the lock freed.
 * Arguments: lock folder, control database, lock name[, Redis URL].
 */
public final class TestingLockHolder {
  private TestingLockHolder() {}

  public static void main(String[] args) throws Exception {
    SqliteFencingTokens tokens = new SqliteFencingTokens(
        SqliteControlDatabase.open(Path.of(args[1])));
    RunLocks locks = args.length > 3
        ? new RedisRunLocks(RedisConnection.connect(args[3]), tokens, Duration.ofSeconds(30),
            Duration.ZERO)
        : RunLocks.onThisMachine(Path.of(args[0]), tokens, Duration.ZERO);
    try (RunLocks.RunLock lock = locks.acquire(args[2])) {
      System.out.println("HELD " + lock.fencingToken());
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      lock.checkHeld();
    }
    System.out.println("RELEASED");
    System.exit(0);
  }
}
