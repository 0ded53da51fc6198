package io.dif.control;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB-compatible server for the tests: {@code DYNAMODB_URL} when set, else dynalite
 * (the npm package, an in-memory DynamoDB on Node.js), installed once into
 * {@code target/dynalite} and started once per test JVM, stopped when the JVM exits.
 * DynamoDB Local is not used (its licence). Without node or npm on the PATH the tests fail.
 */
public final class TestingDynalite {
  static final String VERSION = "4.0.0";
  private static final int MINIMUM_NODE_MAJOR = 20;
  private static final AtomicInteger TABLES = new AtomicInteger();

  private static URI endpoint;
  private static DynamoDbClient client;

  private TestingDynalite() {
  }

  /** The client of the shared server; tests do not close it. */
  public static synchronized DynamoDbClient client() {
    if (client == null) {
      client = DynamoDbClient.builder()
          .httpClientBuilder(ApacheHttpClient.builder())
          .endpointOverride(endpoint())
          .region(Region.US_EAST_1)
          // a local server checks that requests are signed, not by whom
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create("dif-test", "dif-test")))
          .build();
    }
    return client;
  }

  /** A new, empty control table with a name no other test uses. */
  public static String createTable() {
    String table = "dif-control-test-" + ProcessHandle.current().pid() + "-"
        + TABLES.incrementAndGet();
    DynamoDbTables.create(client(), table);
    return table;
  }

  static void deleteTable(String table) {
    client().deleteTable(request -> request.tableName(table));
  }

  public static synchronized URI endpoint() {
    if (endpoint == null) {
      String external = System.getenv("DYNAMODB_URL");
      if (external != null && !external.isBlank()) {
        endpoint = URI.create(external);
      } else {
        skipWithoutNodeOutsideCi();
        endpoint = start();
      }
    }
    return endpoint;
  }

  /**
   * A developer machine with only JDK and Maven skips these tests, saying why; CI (CI=true),
   * whose machines have Node.js, fails instead, so a missing install cannot hide there.
   */
  private static void skipWithoutNodeOutsideCi() {
    if ("true".equals(System.getenv("CI"))) {
      return;
    }
    try {
      executable("node");
      executable("npm");
    } catch (IllegalStateException missing) {
      String reason = "Skipped: the DynamoDB contract tests start dynalite and need Node.js "
          + MINIMUM_NODE_MAJOR + "+ with npm, or DYNAMODB_URL (CI runs them): "
          + missing.getMessage();
      System.err.println(reason);
      throw new org.opentest4j.TestAbortedException(reason);
    }
  }

  private static URI start() {
    String node = executable("node");
    String npm = executable("npm");
    checkNodeVersion(node);
    Path home = Path.of(System.getProperty("basedir", ".")).resolve("target")
        .resolve("dynalite").toAbsolutePath();
    Path cli = home.resolve("node_modules/dynalite/cli.js");
    install(npm, home, cli);
    String lastLog = "";
    for (int attempt = 1; attempt <= 3; attempt++) {
      int port = freePort();
      Path log = home.resolve("dynalite-" + port + ".log");
      Process process;
      try {
        process = new ProcessBuilder(node, cli.toString(), "--host", "127.0.0.1",
            "--port", Integer.toString(port), "--createTableMs", "0", "--deleteTableMs", "0",
            "--updateTableMs", "0")
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      } catch (IOException e) {
        throw new IllegalStateException("Cannot start dynalite with " + node, e);
      }
      if (waitUntilListening(process, port)) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process),
            "dynalite-stop"));
        return URI.create("http://127.0.0.1:" + port);
      }
      stop(process);
      lastLog = tail(log);
    }
    throw new IllegalStateException("Cannot start dynalite " + VERSION + " from " + cli
        + ": it did not listen after 3 attempts; its last output:\n" + lastLog);
  }

  /** Installs dynalite unless present; a file lock keeps parallel test JVMs from racing. */
  private static void install(String npm, Path home, Path cli) {
    try {
      Files.createDirectories(home);
      try (FileChannel channel = FileChannel.open(home.resolve(".install.lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        if (installedVersion(home).filter(VERSION::equals).isPresent() && Files.exists(cli)) {
          return;
        }
        Path log = home.resolve("npm-install.log");
        Process process = new ProcessBuilder(npm, "install", "--no-audit", "--no-fund",
            "--prefix", home.toString(), "dynalite@" + VERSION)
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // a limit for a hung registry, not a performance expectation
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException("Cannot install dynalite " + VERSION + " into " + home
              + ": npm did not finish within 10 minutes; see " + log);
        }
        if (process.exitValue() != 0 || !Files.exists(cli)) {
          throw new IllegalStateException("Cannot install dynalite " + VERSION + " into " + home
              + ": npm exited with " + process.exitValue() + " (is the npm registry"
              + " reachable? set DYNAMODB_URL to use a running server instead):\n" + tail(log));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot install dynalite into " + home, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot install dynalite: interrupted", e);
    }
  }

  private static Optional<String> installedVersion(Path home) throws IOException {
    Path packageJson = home.resolve("node_modules/dynalite/package.json");
    if (!Files.exists(packageJson)) {
      return Optional.empty();
    }
    Matcher version = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"")
        .matcher(Files.readString(packageJson));
    return version.find() ? Optional.of(version.group(1)) : Optional.empty();
  }

  /** The program's path on the PATH, or a failure that says what to install. */
  static String executable(String name) {
    return executable(name, System.getenv("PATH"));
  }

  static String executable(String name, String path) {
    for (String folder : (path == null ? "" : path).split(File.pathSeparator)) {
      if (folder.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(folder, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException("Cannot run the DynamoDB tests: " + name + " is not on the"
        + " PATH. They start dynalite " + VERSION + " (npm) and need Node.js "
        + MINIMUM_NODE_MAJOR + "+ with npm (https://nodejs.org), or DYNAMODB_URL pointing at a"
        + " running DynamoDB-compatible server");
  }

  private static void checkNodeVersion(String node) {
    String version;
    try {
      Process process = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
      version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
          .trim();
      process.waitFor(1, TimeUnit.MINUTES);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run " + node + " --version", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot run " + node + " --version: interrupted", e);
    }
    Matcher major = Pattern.compile("^v(\\d+)\\.").matcher(version);
    if (!major.find() || Integer.parseInt(major.group(1)) < MINIMUM_NODE_MAJOR) {
      throw new IllegalStateException("Cannot run the DynamoDB tests: dynalite " + VERSION
          + " needs Node.js " + MINIMUM_NODE_MAJOR + "+, " + node + " is " + version);
    }
  }

  private static boolean waitUntilListening(Process process, int port) {
    // a limit for a hung start, not a performance expectation
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return true;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port for dynalite", e);
    }
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
