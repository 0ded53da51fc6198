package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.cli.TestingDifProcess.Exit;
import io.dif.cli.TestingDifProcess.Running;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * Two {@code dif run --client demo} started together on one data folder, as two schedulers or
 * an operator and a scheduler would, with the default file locks and with Redis: on a fresh
 * folder and on one with history. Each ends 0 or 75 with a clear line, the warehouse equals one
 * run's, and no document is left waiting.
 */
class ConcurrentRunIT {
  private static RedisServer redis;
  private static String redisUrl;

  @TempDir
  static Path temp;

  @BeforeAll
  static void startRedis() throws IOException {
    String external = System.getenv("REDIS_URL");
    if (external != null && !external.isBlank()) {
      redisUrl = external;
      return;
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly no").build();
    redis.start();
    redisUrl = "redis://127.0.0.1:" + port;
  }

  @AfterAll
  static void stopRedis() throws IOException {
    if (redis != null) {
      redis.stop();
    }
  }

  @Test
  void twoRunsTogetherWithFileLocksEndWithTheWarehouseOfOneRun() throws Exception {
    twoRunsTogetherTwice(temp.resolve("file-locks"));
  }

  @Test
  void twoRunsTogetherWithRedisEndWithTheWarehouseOfOneRun() throws Exception {
    twoRunsTogetherTwice(temp.resolve("redis"), "--redis-url", redisUrl);
  }

  private static void twoRunsTogetherTwice(Path data, String... options) throws Exception {
    Map<String, List<String>> expected = TestingDifProcess.referenceRows(temp);
    String[] run = java.util.stream.Stream.concat(java.util.stream.Stream.of("run", "--client",
        "demo"), java.util.stream.Stream.of(options)).toArray(String[]::new);
    for (String folder : List.of("fresh", "with history")) {
      Running first = TestingDifProcess.start(data, run);
      Running second = TestingDifProcess.start(data, run);
      Exit one = first.await();
      Exit two = second.await();
      for (Exit exit : List.of(one, two)) {
        System.out.printf("%s folder: exit %d: %s%n", folder, exit.code(), exit.err().strip()
            .lines().filter(line -> line.startsWith("  ") || line.startsWith("Cannot"))
            .toList());
        assertThat(exit.code()).as("%s folder: %s", folder, exit.err()).isIn(0, 75);
        assertThat(exit.err()).doesNotContain("\tat ");
        if (exit.code() == 75) {
          assertThat(exit.err()).as("%s folder", folder).containsPattern(
              "Cannot (extract|transform|load) .*: it is being (extracted|transformed|loaded)"
                  + " by (pid \\d+ (on \\S+ )?since |another worker)");
        }
      }
      assertThat(List.of(one.code(), two.code())).as("%s folder", folder).contains(0);
      assertThat(TestingDifProcess.warehouseRows(data)).as("%s folder", folder)
          .isEqualTo(expected);
      assertThat(TestingDifProcess.controlPlane(data).states().find(DocumentQuery
          .client("demo").states(java.util.Set.of(DocumentState.LANDED,
              DocumentState.CURATED)))).as("%s folder: documents left waiting", folder)
          .isEmpty();
    }
  }
}
