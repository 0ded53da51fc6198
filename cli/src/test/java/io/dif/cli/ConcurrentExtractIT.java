package io.dif.cli;

import io.dif.pipeline.ControlPlane;
import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.zone.ZoneLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * Two {@code dif extract --client demo} processes started together on one data folder, with
 * the default file locks and with Redis: each exits 0, or 75 with one line naming the stream
 * and the run that holds it; every committed run holds the pages of a run alone; no document
 * is left LANDED outside a committed run. Then Redis restarts empty, and runs with and without
 * it still commit (their fencing tokens come from the control store).
 */
class ConcurrentExtractIT {
  private static final Path CONF = Path.of("..", "conf", "clients").toAbsolutePath().normalize();
  private static final Pattern LOCKED = Pattern.compile("Cannot extract demo\\.sandbox_ads\\."
      + "(campaigns|insights): it is being extracted by pid \\d+ (on \\S+ )?since \\S+Z \\(lock"
      + " [^\\n]+\\)");

  @TempDir
  static Path temp;

  private static Map<String, List<String>> alone;
  private static RedisServer redis;
  private static String redisUrl;

  record Exit(int code, String err) {}

  record Started(Process process, Path err) {}

  @BeforeAll
  static void extractAlone() throws Exception {
    Path data = temp.resolve("alone");
    Exit exit = finish(start(data), data, "alone");
    assertThat(exit.code()).as(exit.err()).isZero();
    alone = committedPages(data);
    assertThat(alone).containsKey("campaigns/" + onlyDate(alone, "campaigns"));
    assertThat(alone.keySet().stream().filter(key -> key.startsWith("insights/"))).hasSize(7);

    String external = System.getenv("REDIS_URL");
    if (external != null && !external.isBlank()) {
      redisUrl = external;
    } else {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
          .setting("appendonly no").build();
      redis.start();
      redisUrl = "redis://127.0.0.1:" + port;
    }
  }

  @AfterAll
  static void stopRedis() throws IOException {
    if (redis != null) {
      redis.stop();
    }
  }

  @Test
  void twoExtractsTogetherWithFileLocks() throws Exception {
    extractTwiceTogether(temp.resolve("files"));
  }

  @Test
  void twoExtractsTogetherWithRedisThenRedisRestartsEmptyAndRunsWithAndWithoutItGoOn()
      throws Exception {
    Path data = temp.resolve("redis");
    extractTwiceTogether(data, "--redis-url", redisUrl);

    restartRedisEmpty();
    // the fencing tokens live in the control store: an empty Redis does not restart them at 1
    Exit afterRestart = finish(start(data, "--redis-url", redisUrl), data, "after restart");
    assertThat(afterRestart.code()).as(afterRestart.err()).isZero();
    Exit withoutRedis = finish(start(data), data, "without Redis");
    assertThat(withoutRedis.code()).as(withoutRedis.err()).isZero();
  }

  private static void restartRedisEmpty() throws IOException {
    if (redis == null) {
      try (redis.clients.jedis.JedisPooled external = new redis.clients.jedis.JedisPooled(
          java.net.URI.create(redisUrl))) {
        external.flushAll();
      }
      return;
    }
    redis.stop();
    int port = Integer.parseInt(redisUrl.substring(redisUrl.lastIndexOf(':') + 1));
    redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly no").build();
    redis.start();
  }

  @Test
  void aSecondExtractWaitingForTheLockFinishesToo() throws Exception {
    List<Exit> exits = extractTwiceTogether(temp.resolve("waiting"), "--lock-wait", "PT2M");
    assertThat(exits).extracting(Exit::code).containsExactly(0, 0);
  }

  private static List<Exit> extractTwiceTogether(Path data, String... options) throws Exception {
    Started first = start(data, options);
    Started second = start(data, options);
    List<Exit> exits = List.of(finish(first, data, "first"), finish(second, data, "second"));
    for (Exit exit : exits) {
      assertThat(exit.code()).as(exit.err()).isIn(0, 75);
      if (exit.code() == 75) {
        assertThat(exit.err()).containsPattern(LOCKED).doesNotContain("\tat ")
            .doesNotContain("Exception");
      }
    }
    assertThat(exits).extracting(Exit::code).as("one of them extracted everything").contains(0);

    Map<String, List<String>> committed = committedPages(data);
    assertThat(committed.keySet().stream().map(run -> run.substring(0, run.indexOf("/run=")))
        .distinct().toList()).as("streams and dates committed").isEqualTo(
            List.copyOf(alone.keySet()));
    committed.forEach((run, pages) -> assertThat(pages).as("pages of committed run %s", run)
        .isEqualTo(alone.get(run.substring(0, run.indexOf("/run=")))));

    ZoneLayout zones = new ZoneLayout(data.toAbsolutePath().normalize().toString());
    for (DocumentStatus document : controlPlane(data).states()
        .find(DocumentQuery.client("demo"))) {
      if (document.state() == DocumentState.LANDED) {
        Path run = Path.of(zones.rawRun("demo", document.id().source(), document.id().stream(),
            document.id().date(), document.id().runId()));
        assertThat(run.resolve(ZoneLayout.MANIFEST)).as("manifest of LANDED %s", document.id())
            .exists();
        assertThat(run.resolve(document.id().name())).exists();
      } else {
        assertThat(document.state()).as("state of %s", document.id())
            .isIn(DocumentState.FAILED, DocumentState.SUPERSEDED);
      }
    }
    return exits;
  }

  private static Started start(Path data, String... options) throws IOException {
    Files.createDirectories(data);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"),
        "io.dif.cli.DifCommand", "extract", "--client", "demo", "--conf-dir", CONF.toString(),
        "--data-dir", data.toString()));
    command.addAll(List.of(options));
    Path err = Files.createTempFile(temp, "dif", ".err");
    return new Started(new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start(), err);
  }

  private static Exit finish(Started started, Path data, String which) throws Exception {
    Process process = started.process();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("dif extract (" + which + ") on " + data + " did not end");
    }
    return new Exit(process.exitValue(), Files.readString(started.err(), StandardCharsets.UTF_8));
  }

  /**
   * The decompressed pages of every committed run ("stream/dt=D/run=R"), sorted (concurrent
   * request chains number their pages in any order); for a folder of single runs keyed
   * "stream/dt=D".
   */
  private static Map<String, List<String>> committedPages(Path data) throws IOException {
    Path raw = data.resolve("raw").resolve("demo").resolve("sandbox_ads");
    Map<String, List<String>> runs = new TreeMap<>();
    List<Path> manifests;
    try (Stream<Path> files = Files.walk(raw)) {
      manifests = files.filter(file -> file.getFileName().toString()
          .equals(ZoneLayout.MANIFEST)).toList();
    }
    for (Path manifest : manifests) {
      Path run = manifest.getParent();
      String key = raw.relativize(run).toString();
      List<String> pages;
      try (Stream<Path> files = Files.list(run)) {
        pages = files.filter(file -> file.getFileName().toString().startsWith("page-"))
            .map(ConcurrentExtractIT::gunzip).sorted().toList();
      }
      runs.put(key, pages);
    }
    if (data.getFileName().toString().equals("alone")) {
      Map<String, List<String>> byDate = new TreeMap<>();
      runs.forEach((key, pages) -> assertThat(byDate.put(key.substring(0,
          key.indexOf("/run=")), pages)).as("one run of " + key).isNull());
      return byDate;
    }
    return runs;
  }

  private static String onlyDate(Map<String, List<String>> pages, String stream) {
    return pages.keySet().stream().filter(key -> key.startsWith(stream + "/")).findFirst()
        .orElseThrow().substring(stream.length() + 1);
  }

  private static String gunzip(Path page) {
    try (InputStream in = page.toString().endsWith(".gz")
        ? new GZIPInputStream(Files.newInputStream(page)) : Files.newInputStream(page)) {
      // each process starts its own sandbox: its port shows in the pages' next links
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replaceAll("//(127\\.0\\.0\\.1|localhost):\\d+", "//sandbox");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ControlPlane controlPlane(Path data) {
    Workspace workspace = new Workspace();
    workspace.dataDir = data;
    workspace.confDirSetting = CONF.toString();
    return new ControlOptions().plane(workspace, Clock.systemUTC());
  }
}
