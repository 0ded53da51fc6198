package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.cli.TestingDifProcess.Exit;
import io.dif.cli.TestingDifProcess.Running;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code dif run --client demo} started together on one data folder, as two schedulers or
 * an operator and a scheduler would, without Redis: on a fresh folder and on one with history.
 * Each ends 0 or 75 with a clear line, the warehouse equals one run's, and no document is left
 * waiting.
 */
class ConcurrentRunIT {

  @Test
  void twoRunsTogetherEndWithTheWarehouseOfOneRun(@TempDir Path temp) throws Exception {
    Map<String, List<String>> expected = TestingDifProcess.referenceRows(temp);
    Path data = temp.resolve("shared");
    for (String folder : List.of("fresh", "with history")) {
      Running first = TestingDifProcess.start(data, "run", "--client", "demo");
      Running second = TestingDifProcess.start(data, "run", "--client", "demo");
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
                  + " by pid \\d+ since ");
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
