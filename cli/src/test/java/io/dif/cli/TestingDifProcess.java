package io.dif.cli;

import io.dif.pipeline.ControlPlane;
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
import java.util.concurrent.TimeUnit;

/**
 * The {@code dif} command as a real process (its own JVM on the test classpath), as a user or a
 * scheduler starts it, so tests can signal and kill it; and the demo warehouse's rows to compare
 * runs by.
 */
final class TestingDifProcess {
  static final Path CONF = Path.of("..", "conf", "clients").toAbsolutePath().normalize();
  private static final List<String> TABLES = List.of("demo.ad_insights_daily", "demo.campaigns",
      "demo.leads");
  /**
   * Columns compared by a property only: a lead's email is a keyed hash under the data folder's
   * own random HMAC key, so two folders hold different hashes of the same address.
   */
  private static final Map<String, String> REPLACED = Map.of("demo.leads",
      " REPLACE (length(email) AS email)");
  private static Map<String, List<String>> reference;

  private TestingDifProcess() {}

  record Exit(int code, String out, String err) {}

  /** A started {@code dif} process whose output goes to files beside its data folder. */
  record Running(Process process, Path out, Path err) {
    Exit await() throws Exception {
      if (!process.waitFor(240, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("dif did not end within 240 s: " + Files.readString(err));
      }
      return new Exit(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Sends a signal (INT, TERM, KILL) the way a terminal or a scheduler does. */
    void signal(String name) throws Exception {
      new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
    }
  }

  /** Starts {@code dif ARGS --conf-dir conf/clients --data-dir DATA}. */
  static Running start(Path data, String... args) throws Exception {
    Files.createDirectories(data);
    Path out = Files.createTempFile(data.getParent(), "dif", ".out");
    Path err = Files.createTempFile(data.getParent(), "dif", ".err");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("--add-opens")).forEach(command::add);
    command.addAll(List.of("-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"),
        "io.dif.cli.DifCommand"));
    command.addAll(List.of(args));
    command.addAll(List.of("--conf-dir", CONF.toString(), "--data-dir", data.toString()));
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    return new Running(process, out, err);
  }

  /** Runs {@code dif run --client demo} to its end. */
  static Exit runDemo(Path data) throws Exception {
    return start(data, "run", "--client", "demo").await();
  }

  /** The demo warehouse of one uninterrupted run in a fresh folder (made once per test JVM). */
  static synchronized Map<String, List<String>> referenceRows(Path folder) throws Exception {
    if (reference == null) {
      Path data = folder.resolve("reference");
      Exit exit = runDemo(data);
      if (exit.code() != 0) {
        throw new AssertionError("the reference run failed: " + exit.err());
      }
      reference = warehouseRows(data);
    }
    return reference;
  }

  /** Every row of the demo's tables as text, without the load time, in a stable order. */
  static Map<String, List<String>> warehouseRows(Path data) throws SQLException {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"
        + data.resolve("warehouse.duckdb")); Statement s = c.createStatement()) {
      for (String table : TABLES) {
        List<String> lines = new ArrayList<>();
        try (ResultSet r = s.executeQuery("SELECT * EXCLUDE (_loaded_at)"
            + REPLACED.getOrDefault(table, "") + " FROM " + table + " ORDER BY ALL")) {
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

  static ControlPlane controlPlane(Path data) {
    Workspace workspace = new Workspace();
    workspace.dataDir = data;
    workspace.confDirSetting = CONF.toString();
    return new ControlOptions().plane(workspace, Clock.systemUTC());
  }
}
