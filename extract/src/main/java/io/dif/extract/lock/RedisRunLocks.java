package io.dif.extract.lock;

import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.core.state.FencingTokens;
import io.dif.extract.redis.RedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Run locks in Redis, for workers on many machines. Redis holds only the lease:
 * {@code dif:lock:{name}} is taken with SET NX PX, then holds the holder's fencing token (and
 * {@code dif:lock:{name}:holder} says who holds it), renewed every third of the lease while the
 * lock is open. The tokens come from the control store ({@link FencingTokens}), so they keep
 * increasing when Redis restarts empty or workers switch between Redis and file locks.
 */
public final class RedisRunLocks implements RunLocks {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRunLocks.class);
  private static final String CLAIM = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[3])
        return 1
      end
      return 0
      """;
  private static final String RENEW = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        return redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return 0
      """;
  private static final String RELEASE = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1], KEYS[2])
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
  private final FencingTokens tokens;
  private final Duration lease;
  private final Duration wait;

  /**
   * @param tokens the control store's fencing tokens, the authority for them
   * @param lease how long a lock outlives a holder that stopped renewing it
   * @param wait how long {@link #acquire} waits for the holder before it fails
   */
  public RedisRunLocks(RedisConnection redis, FencingTokens tokens, Duration lease,
      Duration wait) {
    this.redis = redis;
    this.tokens = tokens;
    this.lease = lease;
    this.wait = wait;
  }

  static String key(String name) {
    return "dif:lock:{" + name + "}";
  }

  @Override
  public RunLock acquire(String name) {
    String key = key(name);
    String holderKey = key + ":holder";
    String claim = "taking:" + UUID.randomUUID();
    String px = Long.toString(lease.toMillis());
    try {
      if (!LockWait.until(wait, () -> "OK".equals(redis.jedis().set(key, claim,
          SetParams.setParams().nx().px(lease.toMillis()))))) {
        String holder = redis.jedis().get(holderKey);
        throw LockNames.busy(name, holder == null ? "another worker" : holder, "lock " + key
            + " in Redis " + redis.url() + "; it frees within " + lease + " if that run died");
      }
      long token;
      try {
        token = tokens.next(name);
      } catch (RuntimeException e) {
        redis.jedis().eval(RELEASE, List.of(key, holderKey), List.of(claim));
        throw e;
      }
      String holder = "pid " + ProcessHandle.current().pid() + " on " + hostName() + " since "
          + Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Object claimed = redis.jedis().eval(CLAIM, List.of(key, holderKey),
          List.of(claim, Long.toString(token), px, holder));
      if (!Long.valueOf(1).equals(claimed)) {
        throw new RetriableException(ErrorCode.RUN_LOCKED, "Cannot take the lock of " + name
            + ": its lease in Redis " + redis.url() + " lapsed while the run took fencing token "
            + token + "; run again", null);
      }
      return new RedisRunLock(name, key, holderKey, token);
    } catch (JedisException e) {
      throw redis.failure("take the run lock of " + name, e);
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown host";
    }
  }

  private final class RedisRunLock implements RunLock {
    private final String name;
    private final String key;
    private final String holderKey;
    private final long token;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final ScheduledFuture<?> renewal;

    RedisRunLock(String name, String key, String holderKey, long token) {
      this.name = name;
      this.key = key;
      this.holderKey = holderKey;
      this.token = token;
      long period = Math.max(1, lease.toMillis() / 3);
      this.renewal = RENEWALS.scheduleWithFixedDelay(this::renew, period, period,
          TimeUnit.MILLISECONDS);
    }

    private void renew() {
      try {
        Object renewed = redis.jedis().eval(RENEW, List.of(key, holderKey),
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
      String held;
      try {
        held = redis.jedis().get(key);
      } catch (JedisException e) {
        throw redis.failure("check the run lock of " + name, e);
      }
      if (lost.get() || !Long.toString(token).equals(held)) {
        throw LockNames.fenced(name, token, "lapsed in Redis " + redis.url()
            + " and a newer run may have taken it over");
      }
      LockNames.checkNewest(name, token, tokens.current(name));
    }

    @Override
    public void close() {
      renewal.cancel(false);
      try {
        redis.jedis().eval(RELEASE, List.of(key, holderKey), List.of(Long.toString(token)));
      } catch (JedisException e) {
        LOG.warn("Cannot release the run lock of {} in Redis {}: {}; it expires within {}",
            name, redis.url(), e.getMessage(), lease);
      }
    }
  }
}
