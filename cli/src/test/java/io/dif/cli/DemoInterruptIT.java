package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentStatus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
  private static final Path CONF = Path.of("..", "conf", "clients").toAbsolutePath().normalize();
  private static final long SEED = 20241201L;
  private static final List<String> TABLES = List.of("demo.ad_insights_daily", "demo.campaigns");

  record Exit(int code, String out, String err) {}

  @Test
  void runsStoppedAndKilledAtManyPointsThenRerunLeaveTheWarehouseOfOneUninterruptedRun(
      @TempDir Path temp) throws Exception {
    Path reference = temp.resolve("reference");
    Exit uninterrupted = dif(reference, -1, null);
    assertThat(uninterrupted.code()).as(uninterrupted.err()).isZero();
    Map<String, List<String>> expected = warehouseRows(reference);
    assertThat(expected.get("demo.ad_insights_daily")).hasSizeGreaterThan(100);

    Path data = temp.resolve("interrupted");
    Random random = new Random(SEED);
    int interruptions = 0;
    for (int attempt = 0; attempt < 8; attempt++) {
      String signal = attempt % 2 == 0 ? "INT" : "KILL";
      // from JVM start to the end of the load: the demo runs for ~10-20 s on 2 cores
      long delay = 1_000 + random.nextInt(14_000);
      Exit exit = dif(data, delay, signal);
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

    Exit last = dif(data, -1, null);
    assertThat(last.code()).as(last.err()).isZero();
    assertThat(warehouseRows(data)).isEqualTo(expected);
    List<DocumentStatus> waiting = controlPlane(data).states().find(DocumentQuery.client("demo"))
        .stream().filter(document -> !document.state().terminal()).toList();
    assertThat(waiting).as("documents left waiting after the completed run").isEmpty();
  }

  /**
   * Runs {@code dif run --client demo} in its own JVM; with a signal, sends it after
   * {@code delayMillis} (if the run is still going).
   */
  private static Exit dif(Path data, long delayMillis, String signal) throws Exception {
    Files.createDirectories(data);
    Path out = Files.createTempFile(data.getParent(), "dif", ".out");
    Path err = Files.createTempFile(data.getParent(), "dif", ".err");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("--add-opens")).forEach(command::add);
    command.addAll(List.of("-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"),
        "io.dif.cli.DifCommand", "run", "--client", "demo", "--conf-dir", CONF.toString(),
        "--data-dir", data.toString()));
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    if (signal != null && !process.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
    }
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("dif run did not end within 180 s: " + Files.readString(err));
    }
    return new Exit(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Every row of the demo's tables as text, without the load time, in a stable order. */
  private static Map<String, List<String>> warehouseRows(Path data) throws SQLException {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"
        + data.resolve("warehouse.duckdb"));
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        List<String> lines = new ArrayList<>();
        try (ResultSet r = s.executeQuery("SELECT * EXCLUDE (_loaded_at) FROM " + table
            + " ORDER BY ALL")) {
          int columns = r.getMetaData().getColumnCount();
          while (r.next()) {
            StringBuilder line = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
              line.append(r.getString(i)).append('|');
            }
            lines.add(line.toString());
          }
        }
        rows.put(table, lines);
      }
    }
    return rows;
  }

  private static ControlPlane controlPlane(Path data) throws IOException {
    Workspace workspace = new Workspace();
    workspace.dataDir = data;
    workspace.confDir = CONF;
    return ControlPlane.open(workspace, new ControlOptions(), Clock.systemUTC());
  }
}
