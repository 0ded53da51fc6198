package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.cli.TestingDifProcess.Exit;
import io.dif.cli.TestingDifProcess.Running;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dif run --client demo} as a real process, stopped with SIGINT and killed with SIGKILL
 * at random points of every stage, then run to completion: the warehouse holds exactly the rows
 * and values of one uninterrupted run, and no document is left waiting.
 */
class DemoInterruptIT {
  private static final long SEED = 20241201L;

  @Test
  void runsStoppedAndKilledAtManyPointsThenRerunLeaveTheWarehouseOfOneUninterruptedRun(
      @TempDir Path temp) throws Exception {
    Map<String, List<String>> expected = TestingDifProcess.referenceRows(temp);
    assertThat(expected.get("demo.ad_insights_daily")).hasSizeGreaterThan(100);

    Path data = temp.resolve("interrupted");
    Random random = new Random(SEED);
    int interruptions = 0;
    for (int attempt = 0; attempt < 8; attempt++) {
      String signal = attempt % 2 == 0 ? "INT" : "KILL";
      // from JVM start to the end of the load: the demo runs for ~10-20 s on 2 cores
      long delay = 1_000 + random.nextInt(14_000);
      Running run = TestingDifProcess.start(data, "run", "--client", "demo");
      if (!run.process().waitFor(delay, TimeUnit.MILLISECONDS)) {
        run.signal(signal);
      }
      Exit exit = run.await();
      System.out.printf("SIG%s after %d ms: exit %d, last line: %s%n", signal, delay,
          exit.code(), exit.err().strip().lines().reduce((first, second) -> second).orElse(""));
      if (exit.code() == 0) {
        continue; // it finished before the signal: the next attempt has less left to do
      }
      interruptions++;
      if (signal.equals("INT")) {
        assertThat(exit.code()).as("exit after SIGINT at %d ms: %s", delay, exit.err())
            .isEqualTo(130);
        assertThat(exit.err()).as("SIGINT at %d ms", delay).contains("Stopped")
            .doesNotContain("\tat ").doesNotContain("Exception");
      } else {
        assertThat(exit.code()).isEqualTo(137);
      }
    }
    assertThat(interruptions).as("runs interrupted before they finished").isGreaterThan(3);

    Exit last = TestingDifProcess.runDemo(data);
    assertThat(last.code()).as(last.err()).isZero();
    assertThat(TestingDifProcess.warehouseRows(data)).isEqualTo(expected);
    List<DocumentStatus> waiting = TestingDifProcess.controlPlane(data).states()
        .find(DocumentQuery.client("demo")).stream()
        .filter(document -> !document.state().terminal()).toList();
    assertThat(waiting).as("documents left waiting after the completed run").isEmpty();
  }
}
