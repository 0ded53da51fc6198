package io.dif.extract.lock;

import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.extract.redis.RedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Run locks in Redis: {@code dif:lock:{name}} holds the holder's fencing token under a lease
 * (renewed every third of it while the lock is open); {@code dif:lock:{name}:fence} is the
 * counter the tokens come from (INCR), so every acquisition gets a greater token.
 */
public final class RedisRunLocks implements RunLocks {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRunLocks.class);
  private static final String ACQUIRE = """
      if redis.call('SET', KEYS[1], 'taking', 'NX', 'PX', ARGV[1]) then
        local token = redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], token, 'PX', ARGV[1])
        return token
      end
      return -1
      """;
  private static final String RENEW = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return 0
      """;
  private static final String HELD = """
      if redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('GET', KEYS[2]) == ARGV[1] then
        return 1
      end
      return 0
      """;
  private static final String RELEASE = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;
  private static final ScheduledExecutorService RENEWALS =
      Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "dif-run-lock-renewal");
        thread.setDaemon(true);
        return thread;
      });

  private final RedisConnection redis;
  private final Duration lease;

  /** @param lease how long a lock outlives a holder that stopped renewing it */
  public RedisRunLocks(RedisConnection redis, Duration lease) {
    this.redis = redis;
    this.lease = lease;
  }

  @Override
  public RunLock acquire(String name) {
    String key = "dif:lock:{" + name + "}";
    String fence = key + ":fence";
    long token;
    try {
      token = (Long) redis.jedis().eval(ACQUIRE, List.of(key, fence),
          List.of(Long.toString(lease.toMillis())));
    } catch (JedisException e) {
      throw redis.failure("take the run lock of " + name, e);
    }
    if (token < 0) {
      throw new RetriableException(ErrorCode.RUN_LOCKED, "Cannot start run of " + name
          + ": another run holds its lock in Redis " + redis.url() + " (it frees within "
          + lease + " if that run died)", null);
    }
    return new RedisRunLock(name, key, fence, token);
  }

  private final class RedisRunLock implements RunLock {
    private final String name;
    private final String key;
    private final String fence;
    private final long token;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final ScheduledFuture<?> renewal;

    RedisRunLock(String name, String key, String fence, long token) {
      this.name = name;
      this.key = key;
      this.fence = fence;
      this.token = token;
      long period = Math.max(1, lease.toMillis() / 3);
      this.renewal = RENEWALS.scheduleWithFixedDelay(this::renew, period, period,
          TimeUnit.MILLISECONDS);
    }

    private void renew() {
      try {
        Object renewed = redis.jedis().eval(RENEW, List.of(key),
            List.of(Long.toString(token), Long.toString(lease.toMillis())));
        if (!Long.valueOf(1).equals(renewed)) {
          lost.set(true);
          renewal.cancel(false);
          LOG.warn("Run lock of {} (fencing token {}) was lost; this run will not commit",
              name, token);
        }
      } catch (JedisException e) {
        // the next renewal tries again; the lease covers a short outage
        LOG.warn("Cannot renew the run lock of {} in Redis {}: {}", name, redis.url(),
            e.getMessage());
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public long fencingToken() {
      return token;
    }

    @Override
    public void checkHeld() {
      Object held;
      try {
        held = redis.jedis().eval(HELD, List.of(key, fence), List.of(Long.toString(token)));
      } catch (JedisException e) {
        throw redis.failure("check the run lock of " + name, e);
      }
      if (lost.get() || !Long.valueOf(1).equals(held)) {
        throw new RunFencedException("Cannot commit run of " + name + ": its lock (fencing"
            + " token " + token + ") lapsed and a newer run may have taken it over");
      }
    }

    @Override
    public void close() {
      renewal.cancel(false);
      try {
        redis.jedis().eval(RELEASE, List.of(key), List.of(Long.toString(token)));
      } catch (JedisException e) {
        LOG.warn("Cannot release the run lock of {} in Redis {}: {}; it expires within {}",
            name, redis.url(), e.getMessage(), lease);
      }
    }
  }
}
