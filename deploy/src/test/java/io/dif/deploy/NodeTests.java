package io.dif.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Node.js side of the state-machine tests: the npm packages pinned in
 * src/test/node/package.json and package-lock.json ({@code npm ci}; .ci/run installs them first,
 * a test installs them when missing, under a file lock) and the scripts that use them.
 */
final class NodeTests {
  static final Path HOME = TerraformFiles.REPO.resolve("deploy/src/test/node");
  static final Map<String, String> PACKAGES = Map.of("asl-validator", "4.0.0",
      "aws-local-stepfunctions", "3.0.0");

  private NodeTests() {
  }

  /** node, with the pinned packages installed. */
  static synchronized String node() {
    String node = Executables.requireOutsideCi("node",
        "the state machine is validated and executed on Node.js 20+ (asl-validator,"
            + " aws-local-stepfunctions)");
    String npm = Executables.requireOutsideCi("npm", "the npm packages are installed with npm ci");
    install(npm);
    return node;
  }

  private static void install(String npm) {
    Path lockFile = TerraformFiles.REPO.resolve("deploy/target/npm-install.lock");
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
        if (installed()) {
          return;
        }
        Path log = lockFile.resolveSibling("npm-ci.log");
        Process process = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund")
            .directory(HOME.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        // a limit for a hung registry, not a performance expectation
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException("Cannot install the npm packages of " + HOME
              + ": npm ci did not finish within 10 minutes; see " + log);
        }
        if (process.exitValue() != 0 || !installed()) {
          throw new IllegalStateException("Cannot install the npm packages of " + HOME
              + ": npm ci exited with " + process.exitValue() + " (is the npm registry"
              + " reachable?):\n" + Files.readString(log));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot install the npm packages of " + HOME, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot install the npm packages: interrupted", e);
    }
  }

  private static boolean installed() throws IOException {
    for (Map.Entry<String, String> pinned : PACKAGES.entrySet()) {
      Path packageJson = HOME.resolve("node_modules").resolve(pinned.getKey())
          .resolve("package.json");
      if (!Files.exists(packageJson)) {
        return false;
      }
      Matcher version = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"")
          .matcher(Files.readString(packageJson));
      if (!version.find() || !version.group(1).equals(pinned.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Runs node with these arguments in the packages' folder; returns exit code and output. */
  static Result run(List<String> arguments) {
    try {
      List<String> command = new java.util.ArrayList<>();
      command.add(node());
      command.addAll(arguments);
      Process process = new ProcessBuilder(command).directory(HOME.toFile())
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      // a limit for a hung process, not a performance expectation
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("node " + arguments + " did not finish: " + output);
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run node " + arguments, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted running node " + arguments, e);
    }
  }

  record Result(int exitCode, String output) {
  }
}
