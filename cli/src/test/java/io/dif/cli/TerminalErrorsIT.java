package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees in a terminal: {@code dif} as a real process, its stderr and exit code for a
 * misspelt option, and SIGINT/SIGTERM during an extract whose platform never answers.
 */
class TerminalErrorsIT {
  private static final String SILENT_CLIENT = """
      version: 1
      client: acme
      sources:
        api:
          base_url: http://127.0.0.1:%d/v1
          streams:
            items:
              request: { path: /items }
              records: /data
      datasets:
        items:
          from: api.items
          columns:
            - { name: id, type: string, required: true }
          key: [id]
          destination: { table: t.items, mode: merge }
      """;

  @TempDir
  Path folder;

  private static Process dif(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), DifCommand.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }

  /** Lines of a stream as they come, read by a thread of their own. */
  private static BlockingQueue<String> lines(InputStream stream) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream,
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static String awaitLine(BlockingQueue<String> lines, String containing,
      List<String> seen) throws InterruptedException {
    while (true) {
      String line = lines.poll(60, TimeUnit.SECONDS);
      assertThat(line).as("a line containing '" + containing + "' after " + seen).isNotNull();
      seen.add(line);
      if (line.contains(containing)) {
        return line;
      }
    }
  }

  private static void signal(Process process, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
        .inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  @Test
  void aMisspeltOptionIsOneLineOnStderrAndExit1() throws Exception {
    Process process = dif("run", "--clinet", "demo");
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(err).isEqualTo("Unknown option: '--clinet'; did you mean '--client'?"
        + System.lineSeparator());
    assertThat(process.getInputStream().readAllBytes()).isEmpty();
  }

  @Test
  void aSecondSigintStopsAtOnceWith130() throws Exception {
    stoppedTwice("INT", 130);
  }

  @Test
  void aSecondSigtermStopsAtOnceWith143() throws Exception {
    stoppedTwice("TERM", 143);
  }

  /**
   * The platform accepts the request and never answers: the first signal asks the run to stop
   * at its next safe point (after the page, which never comes); the second ends it at once.
   */
  private void stoppedTwice(String signal, int exitCode) throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      silent.setSoTimeout(60_000);
      Path conf = Files.createDirectories(folder.resolve("conf"));
      Files.writeString(conf.resolve("acme.yaml"), SILENT_CLIENT.formatted(silent.getLocalPort()));
      Process process = dif("extract", "--client", "acme", "--conf-dir", conf.toString(),
          "--data-dir", folder.resolve("data").toString());
      BlockingQueue<String> err = lines(process.getErrorStream());
      List<String> seen = new ArrayList<>();
      try (Socket request = silent.accept()) {
        // the request is under way: the signal handlers were installed before it
        signal(process, signal);
        awaitLine(err, "Stopping on SIG" + signal, seen);
        assertThat(process.isAlive()).as("still waiting for the page").isTrue();
        signal(process, signal);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      } finally {
        process.destroyForcibly();
      }
      assertThat(process.exitValue()).isEqualTo(exitCode);
      awaitLine(err, "Stopped at once on a second SIG" + signal, seen);
      assertThat(String.join("\n", seen)).doesNotContain("\tat ").doesNotContain("Exception");
    }
  }
}
