package io.dif.cli;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.state.FencingTokens;
import io.dif.extract.limit.RateLimiters;
import io.dif.extract.limit.RedisRateLimiters;
import io.dif.extract.lock.RedisRunLocks;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.redis.RedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Rate limits and run locks. Run locks hold across the processes of this machine by default
 * (OS file locks in {@code <data-dir>/locks}) and across machines through Redis when a Redis URL
 * is given; either way their fencing tokens come from the control store. With Redis configured
 * and unreachable the run fails (retriable); it never falls back to an unshared limit that N
 * workers would multiply.
 */
final class SharedLimits {
  /** How long a Redis lock outlives a worker that stopped renewing it. */
  static final Duration REDIS_LEASE = Duration.ofSeconds(60);

  @Option(names = "--redis-url", paramLabel = "URL", defaultValue = "${env:REDIS_URL}",
      description = "Redis shared by all extractor workers for rate limits and run locks, e.g."
          + " redis://host:6379 (env REDIS_URL); without it, rate limits are per process and"
          + " run locks hold across the processes of this machine.")
  String redisUrl;

  @Option(names = "--lock-wait", paramLabel = "DURATION", defaultValue = "PT0S",
      description = "How long to wait for another run of the same stream (or client, or"
          + " warehouse) to finish before exiting 75, as an ISO-8601 duration such as PT30S"
          + " (default: ${DEFAULT-VALUE}: fail at once, a scheduler retries on 75).")
  Duration lockWait;

  /** The limiters and locks of one command; closing releases the Redis connection. */
  record Session(RateLimiters limiters, RunLocks locks, Runnable release)
      implements AutoCloseable {
    @Override
    public void close() {
      release.run();
    }
  }

  /**
   * @param dataDir the local data folder; the file locks live in its {@code locks} folder
   * @param tokens the control store's fencing tokens
   */
  Session open(Path dataDir, FencingTokens tokens) {
    if (lockWait.isNegative()) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use --lock-wait "
          + lockWait + ": it must not be negative");
    }
    if (redisUrl == null || redisUrl.isBlank()) {
      return new Session(RateLimiters.inProcess(), RunLocks.onThisMachine(
          dataDir.toAbsolutePath().normalize().resolve("locks"), tokens, lockWait), () -> { });
    }
    RedisConnection redis = RedisConnection.connect(redisUrl);
    return new Session(new RedisRateLimiters(redis),
        new RedisRunLocks(redis, tokens, REDIS_LEASE, lockWait), redis::close);
  }
}
