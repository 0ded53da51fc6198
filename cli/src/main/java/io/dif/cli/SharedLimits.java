package io.dif.cli;

import io.dif.extract.limit.RateLimiters;
import io.dif.extract.limit.RedisRateLimiters;
import io.dif.extract.lock.RedisRunLocks;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.redis.RedisConnection;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Rate limits and run locks: in this process by default, shared by every worker through Redis
 * when a Redis URL is given. With Redis configured and unreachable the run fails (retriable);
 * it never falls back to an unshared limit that N workers would multiply.
 */
final class SharedLimits {
  @Option(names = "--redis-url", paramLabel = "URL", defaultValue = "${env:REDIS_URL}",
      description = "Redis shared by all extractor workers for rate limits and run locks, e.g."
          + " redis://host:6379 (env REDIS_URL); in process when left out.")
  String redisUrl;

  /** The limiters and locks of one command; closing releases the Redis connection. */
  record Session(RateLimiters limiters, RunLocks locks, AutoCloseable connection)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      connection.close();
    }
  }

  Session open() {
    if (redisUrl == null || redisUrl.isBlank()) {
      return new Session(RateLimiters.inProcess(), RunLocks.inProcess(), () -> { });
    }
    RedisConnection redis = RedisConnection.connect(redisUrl);
    return new Session(new RedisRateLimiters(redis), new RedisRunLocks(redis,
        Duration.ofSeconds(60)), redis);
  }
}
