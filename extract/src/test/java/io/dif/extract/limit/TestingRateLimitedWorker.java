package io.dif.extract.limit;

import io.dif.core.config.RateLimitConfig;
import io.dif.extract.redis.RedisConnection;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
      RateLimiter limiter = new RedisRateLimiters(redis, Duration.ofSeconds(60)).forScope(scope, config);
      // warm up (class loading, JIT, connections) outside the limit and the server's count, so
      // the measured part shows the limiter, not a cold JVM sending its first request late
      for (int i = 0; i < 20; i++) {
        HttpURLConnection warmUp = (HttpURLConnection) url.resolve("/warmup").toURL()
            .openConnection();
        try (InputStream in = warmUp.getInputStream()) {
          in.readAllBytes();
        }
      }
      System.out.println("READY");
      System.out.flush();
      // all workers start together when the parent writes a line
      new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
      // up to 4 threads, like an extractor's parallel request chains
      java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(requests);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < Math.min(config.concurrency(), 4); t++) {
        Thread thread = new Thread(() -> {
          try {
            while (left.getAndDecrement() > 0) {
              try (RateLimiter.Permit permit = limiter.acquire()) {
                HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
                try (InputStream in = connection.getInputStream()) {
                  in.readAllBytes();
                }
              }
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
    }
    System.out.println("DONE");
  }
}
