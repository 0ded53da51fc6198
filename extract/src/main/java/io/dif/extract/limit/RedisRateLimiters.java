package io.dif.extract.limit;

import io.dif.core.config.RateLimitConfig;
import io.dif.extract.redis.RedisConnection;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Limits shared by every process connected to one Redis.
 *
 * <ul>
 *   <li>Rate: a Bucket4j bucket per scope ({@code dif:limit:{scope}:bucket}); a caller reserves
 *       the next free slot atomically and sleeps until it, so workers interleave evenly. Slots are
 *       computed with the callers' wall clocks: workers of one scope need synchronized clocks
 *       (NTP), as on any ECS or Lambda host.</li>
 *   <li>Concurrency: a sorted set of requests in flight ({@code dif:limit:{scope}:inflight}),
 *       each with a lease by Redis's own clock, renewed every third of the lease while its
 *       request runs (a page may stream for minutes), so a killed worker's slots free themselves
 *       within one lease, not after the longest request could last.</li>
 *   <li>Last second: right before a request is sent, its start is added to a sorted set
 *       ({@code dif:limit:{scope}:second}, by Redis's own clock) that admits at most
 *       {@link RateLimitBandwidths#perSecondWindow} starts in any one-second window; a caller
 *       past it waits until the oldest start leaves the window. The bucket spaces requests
 *       evenly, but its callers sleep until their slots, and a thread woken late would
 *       otherwise crowd the next second.</li>
 *   <li>Pause: a key with a time to live ({@code dif:limit:{scope}:pause}) that every caller of
 *       the scope waits out after a throttle answer.</li>
 * </ul>
 * Redis unreachable: {@link #acquire} fails with a retriable error naming the URL (see
 * {@link RedisConnection}); it never lets a request through unlimited.
 */
public final class RedisRateLimiters implements RateLimiters, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiters.class);
  private static final String TAKE_SLOT = """
      local now = redis.call('TIME')
      local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
      if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
        redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[3])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
        return 1
      end
      return 0
      """;
  /** Returns 0 when the start is taken, else the microseconds to wait (at least 1). */
  private static final String TAKE_SECOND = """
      local now = redis.call('TIME')
      local nowUs = tonumber(now[1]) * 1000000 + tonumber(now[2])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowUs - 1000000)
      if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
        redis.call('ZADD', KEYS[1], nowUs, ARGV[2])
        redis.call('PEXPIRE', KEYS[1], 2000)
        return 0
      end
      local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
      return math.max(1, tonumber(oldest[2]) + 1000000 - nowUs)
      """;
  /** Lengthens the leases of the slots still taken (XX: a lapsed slot is not taken back). */
  private static final String RENEW_SLOTS = """
      local now = redis.call('TIME')
      local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
      for i = 2, #ARGV do
        redis.call('ZADD', KEYS[1], 'XX', nowMs + tonumber(ARGV[1]), ARGV[i])
      end
      redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
      return 1
      """;
  private static final ScheduledExecutorService RENEWALS =
      Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "dif-rate-limit-renewal");
        thread.setDaemon(true);
        return thread;
      });

  private final RedisConnection redis;
  private final Duration inFlightLease;
  private final ProxyManager<byte[]> buckets;
  private final Map<String, RedisRateLimiter> limiters = new ConcurrentHashMap<>();

  /**
   * @param inFlightLease how long a request slot outlives a worker that stopped renewing it (the
   *     deployment's lock lease: the same trade-off between a GC pause and a dead worker)
   */
  public RedisRateLimiters(RedisConnection redis, Duration inFlightLease) {
    this.redis = redis;
    this.inFlightLease = inFlightLease;
    this.buckets = Bucket4jJedis.casBasedBuilder(redis.jedis())
        .clientClock(new WallClockNanos())
        .expirationAfterWrite(ExpirationAfterWriteStrategy
            .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(2)))
        .build();
  }

  @Override
  public RateLimiter forScope(String scope, RateLimitConfig config) {
    return limiters.computeIfAbsent(scope, name -> new RedisRateLimiter(name, config));
  }

  /**
   * Stops renewing this process's request slots: a slot still taken frees itself within the
   * lease, as a killed worker's does.
   */
  @Override
  public void close() {
    limiters.values().forEach(limiter -> limiter.renewal.cancel(false));
  }

  private final class RedisRateLimiter implements RateLimiter {
    private final String scope;
    private final BucketProxy bucket;
    private final String inFlightKey;
    private final String pauseKey;
    private final String secondKey;
    private final int concurrency;
    private final int perSecondWindow;
    private final Set<String> taken = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> renewal;

    RedisRateLimiter(String scope, RateLimitConfig config) {
      this.scope = scope;
      String prefix = "dif:limit:{" + scope + "}:";
      BucketConfiguration configuration = RateLimitBandwidths.of(config);
      // a changed config replaces the stored one instead of being silently ignored
      long version = Integer.toUnsignedLong((config.perSecond() + "/" + config.perMinute())
          .hashCode());
      this.bucket = buckets.builder()
          .withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.RESET)
          .build((prefix + "bucket").getBytes(StandardCharsets.UTF_8), () -> configuration);
      this.inFlightKey = prefix + "inflight";
      this.pauseKey = prefix + "pause";
      this.secondKey = prefix + "second";
      this.concurrency = config.concurrency();
      this.perSecondWindow = RateLimitBandwidths.perSecondWindow(config);
      long period = Math.max(1, inFlightLease.toMillis() / 3);
      this.renewal = RENEWALS.scheduleWithFixedDelay(this::renewSlots, period, period,
          TimeUnit.MILLISECONDS);
    }

    @Override
    public Permit acquire() throws InterruptedIOException {
      String id = UUID.randomUUID().toString();
      try {
        takeSlot(id);
        try {
          waitOutPause();
          bucket.asBlocking().consume(1);
          takeSecond(id);
        } catch (InterruptedException | RuntimeException e) {
          free(id);
          throw e;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the rate limit of "
            + scope);
      } catch (JedisException e) {
        throw redis.failure("take the rate limit of scope " + scope, e);
      }
      return () -> free(id);
    }

    private void takeSlot(String id) throws InterruptedException {
      List<String> args = List.of(Integer.toString(concurrency),
          Long.toString(inFlightLease.toMillis()), id);
      while (!Long.valueOf(1).equals(redis.jedis().eval(TAKE_SLOT, List.of(inFlightKey), args))) {
        Thread.sleep(2 + ThreadLocalRandom.current().nextInt(5));
      }
      taken.add(id);
    }

    private void renewSlots() {
      if (taken.isEmpty()) {
        return;
      }
      List<String> args = new ArrayList<>();
      args.add(Long.toString(inFlightLease.toMillis()));
      args.addAll(taken);
      try {
        redis.jedis().eval(RENEW_SLOTS, List.of(inFlightKey), args);
      } catch (RuntimeException e) {
        // the next renewal tries again (an exception escaping would cancel this limiter's
        // periodic renewal for good); the lease covers a short outage
        LOG.warn("Cannot renew the request slots of scope {} in Redis {}: {}", scope,
            redis.url(), e.getMessage());
      }
    }

    /** A start in the last second, right before the request is sent. */
    private void takeSecond(String id) throws InterruptedException {
      List<String> args = List.of(Integer.toString(perSecondWindow), id);
      long waitMicros;
      while ((waitMicros = (Long) redis.jedis().eval(TAKE_SECOND, List.of(secondKey), args))
          > 0) {
        Thread.sleep(waitMicros / 1000, (int) (waitMicros % 1000) * 1000);
      }
    }

    private void waitOutPause() throws InterruptedException {
      long remaining;
      while ((remaining = redis.jedis().pttl(pauseKey)) > 0) {
        Thread.sleep(remaining);
      }
    }

    private void free(String id) {
      taken.remove(id);
      try {
        redis.jedis().zrem(inFlightKey, id);
      } catch (JedisException e) {
        // the slot's lease frees it; the request itself already completed
      }
    }

    @Override
    public void pause(Duration pause) {
      try {
        long millis = Math.max(1, pause.toMillis());
        // only lengthen a pause another worker set, never shorten it
        String script = "local t = redis.call('PTTL', KEYS[1]) "
            + "if t < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end "
            + "return 1";
        redis.jedis().eval(script, List.of(pauseKey), List.of(Long.toString(millis)));
      } catch (JedisException e) {
        throw redis.failure("pause the rate limit of scope " + scope, e);
      }
    }
  }

  /** Wall-clock time with microsecond precision: comparable across the processes of a host. */
  private static final class WallClockNanos implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      Instant now = Instant.now();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
