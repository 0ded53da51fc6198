package io.dif.extract;

import io.dif.extract.redis.RedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * The one Redis of a test run: {@code REDIS_URL} when set, else a real server binary (shipped in
 * embedded-redis) started on first use and stopped when the JVM exits.
 */
public final class TestingRedis {
  private static String url;

  private TestingRedis() {}

  public static synchronized String url() {
    if (url == null) {
      String external = System.getenv("REDIS_URL");
      if (external != null && !external.isBlank()) {
        url = external;
      } else {
        int port = freePort();
        try {
          RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
              .setting("save \"\"").setting("appendonly no").build();
          server.start();
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
              server.stop();
            } catch (IOException ignored) {
              // the JVM is exiting
            }
          }));
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot start the test Redis server", e);
        }
        url = "redis://127.0.0.1:" + port;
      }
    }
    return url;
  }

  /** A new connection to the test Redis; close it after the test. */
  public static RedisConnection connect() {
    return RedisConnection.connect(url());
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
