package io.dif.extract.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.extract.TestingRedis;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Worker processes sharing one limit through Redis never exceed it, as the server counts. */
class SharedRateLimitIT {
  private static final int WORKERS = 3;
  private static final int PER_SECOND = 15;
  private static final int REQUESTS_EACH = 25;

  @Test
  void workerProcessesSharingOneLimitNeverExceedItAsTheServerCounts() throws Exception {
    String scope = "it:" + UUID.randomUUID();
    try (RequestCountingServer server = new RequestCountingServer()) {
      List<Process> workers = new ArrayList<>();
      for (int i = 0; i < WORKERS; i++) {
        workers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
            TestingRateLimitedWorker.class.getName(), TestingRedis.url(), scope,
            Integer.toString(PER_SECOND), "4", Integer.toString(REQUESTS_EACH),
            server.url().toString()).redirectErrorStream(true).start());
      }
      List<BufferedReader> outputs = new ArrayList<>();
      for (Process worker : workers) {
        BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream()));
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
          // start-up output
        }
        outputs.add(out);
      }
      for (Process worker : workers) {
        worker.getOutputStream().write('\n');
        worker.getOutputStream().flush();
      }
      for (int i = 0; i < workers.size(); i++) {
        Process worker = workers.get(i);
        String output;
        try (BufferedReader out = outputs.get(i)) {
          output = String.join("\n", out.lines().toList());
        }
        assertThat(worker.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(worker.exitValue()).as(output).isZero();
      }
      Map<Long, Integer> perSecond = server.perSecond();
      assertThat(perSecond.values().stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(WORKERS * REQUESTS_EACH);
      assertThat(perSecond.values()).as("requests per second at the server: %s", perSecond)
          .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(PER_SECOND));
    }
  }
}
