package io.dif.extract.limit;

import io.dif.core.config.RateLimitConfig;
import io.dif.extract.redis.RedisConnection;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Optional;

/**
 * A worker process for tests and the benchmark: sends {@code requests} GETs to {@code url},
 * each after taking the shared limit of {@code scope} from Redis.
 * Arguments: redisUrl scope perSecond concurrency requests url
 */
public final class TestingRateLimitedWorker {
  public static void main(String[] args) throws Exception {
    String scope = args[1];
    RateLimitConfig config = new RateLimitConfig(Integer.parseInt(args[2]),
        Integer.parseInt(args[3]), Optional.of(scope), Optional.empty());
    int requests = Integer.parseInt(args[4]);
    URI url = URI.create(args[5]);
    try (RedisConnection redis = RedisConnection.connect(args[0])) {
      RateLimiter limiter = new RedisRateLimiters(redis).forScope(scope, config);
      System.out.println("READY");
      for (int i = 0; i < requests; i++) {
        try (RateLimiter.Permit permit = limiter.acquire()) {
          HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
          try (InputStream in = connection.getInputStream()) {
            in.readAllBytes();
          }
        }
      }
    }
    System.out.println("DONE");
  }
}
