package io.dif.extract.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.control.SqliteControlDatabase;
import io.dif.control.SqliteStateStore;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.ExtractionPlan;
import io.dif.sandbox.SandboxServer;
import io.dif.sandbox.SandboxSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the extractor process at random pages several times, resumes it each time, and compares
 * the raw zone with an uninterrupted run: the same pages, none missing, none twice.
 */
class ResumeAfterKillIT {
  private static final long SEED = 20240101L;
  private static SandboxServer sandbox;

  @BeforeAll
  static void startSandbox() {
    sandbox = SandboxServer.start(SandboxSettings.defaults().withCampaigns(6));
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @Test
  void aRunKilledAtRandomPagesResumesToTheSamePagesAsAnUninterruptedRun(@TempDir Path temp)
      throws Exception {
    Path reference = temp.resolve("reference");
    TestingExtractionWorker.extractor(sandbox.baseUrl().toString(), reference,
        new InMemoryRunJournal()).extract(TestingExtractionWorker.config(),
        ExtractionPlan.everything(TestingExtractionWorker.TODAY));
    Map<String, List<String>> expected = committedPages(reference);
    int totalPages = expected.values().stream().mapToInt(List::size).sum();
    assertThat(totalPages).isGreaterThan(10);

    Path resumed = temp.resolve("resumed");
    Path control = temp.resolve("control.db");
    Random random = new Random(SEED);
    int kills = 0;
    for (int attempt = 0; attempt < 40; attempt++) {
      // kill after a random number of landed pages; the kill lands anywhere in the next page
      int killAfter = 2 + random.nextInt(14);
      if (runWorker(resumed, control, killAfter)) {
        break;
      }
      kills++;
    }
    assertThat(kills).as("the worker was killed several times before finishing")
        .isGreaterThanOrEqualTo(3);

    assertThat(committedPages(resumed)).isEqualTo(expected);
    assertNoStrayFiles(resumed);

    // every page of the last committed run of each stream and date is LANDED in the state
    // keeper (older runs of the date are SUPERSEDED)
    SqliteStateStore states = new SqliteStateStore(SqliteControlDatabase.open(control),
        Clock.systemUTC());
    Set<String> landed = states.find(DocumentQuery.client("resume")
            .states(Set.of(DocumentState.LANDED))).stream()
        .map(ResumeAfterKillIT::documentPath).collect(Collectors.toSet());
    for (RawManifest read : lastCommitted(resumed)) {
      for (RawManifest.Page page : read.pages()) {
        assertThat(landed).contains(read.stream() + "/" + read.dt() + "/" + read.runId() + "/"
            + page.file());
      }
    }
  }

  /** Runs the worker; kills it after {@code killAfter} landed pages. True if it finished. */
  private static boolean runWorker(Path raw, Path control, int killAfter) throws Exception {
    Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx96m", "-cp", System.getProperty("java.class.path"),
        TestingExtractionWorker.class.getName(), sandbox.baseUrl().toString(), raw.toString(),
        control.toString()).redirectErrorStream(true).start();
    int landed = 0;
    boolean done = false;
    List<String> output = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(
        worker.getInputStream()))) {
      String line;
      while ((line = out.readLine()) != null) {
        output.add(line);
        if (line.startsWith("LANDED ") && ++landed == killAfter) {
          worker.destroyForcibly();
          break;
        }
        done |= line.equals("DONE");
      }
    }
    assertThat(worker.waitFor(2, TimeUnit.MINUTES)).isTrue();
    if (!done && landed < killAfter) {
      assertThat(worker.exitValue()).as(String.join("\n", output)).isZero();
    }
    return done;
  }

  /**
   * Per stream and date, the pages of the run committed last as "parent url sha256 records",
   * sorted (file numbers may differ between runs with parallel chains). Committed last, not
   * begun last: a resumed run keeps the id it began with.
   */
  private static Map<String, List<String>> committedPages(Path root) throws IOException {
    Map<String, List<String>> pages = new TreeMap<>();
    lastCommitted(root).forEach(manifest -> pages.put(manifest.stream() + "/" + manifest.dt(),
        manifest.pages().stream()
        .map(page -> page.parent() + " " + page.url() + " " + page.sha256() + " "
            + page.records())
        .sorted().toList()));
    return pages;
  }

  /** The run committed last of each stream and date (older ones are SUPERSEDED). */
  private static List<RawManifest> lastCommitted(Path root) throws IOException {
    Map<String, RawManifest> latest = new TreeMap<>();
    for (Path manifest : manifests(root)) {
      RawManifest read = read(manifest);
      latest.merge(read.stream() + "/" + read.dt(), read,
          (a, b) -> a.committedAt().isAfter(b.committedAt()) ? a : b);
    }
    return List.copyOf(latest.values());
  }

  /** Each committed run folder holds exactly its manifest's pages; no run is left open. */
  private static void assertNoStrayFiles(Path root) throws IOException {
    List<Path> runFolders;
    try (Stream<Path> walk = Files.walk(root)) {
      runFolders = walk.filter(p -> p.getFileName().toString().startsWith("run=")).toList();
    }
    for (Path folder : runFolders) {
      Path manifest = folder.resolve(ZoneLayout.MANIFEST);
      assertThat(manifest).as("run %s was committed", folder).exists();
      Set<String> listed = read(manifest).pages().stream().map(RawManifest.Page::file)
          .collect(Collectors.toSet());
      try (Stream<Path> files = Files.list(folder)) {
        assertThat(files.map(f -> f.getFileName().toString())
            .filter(n -> n.startsWith("page-")).collect(Collectors.toSet()))
            .isEqualTo(listed);
      }
    }
  }

  private static List<Path> manifests(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().equals(ZoneLayout.MANIFEST)).toList();
    }
  }

  private static RawManifest read(Path manifest) throws IOException {
    try (InputStream in = Files.newInputStream(manifest)) {
      return RawManifest.fromJson(in);
    }
  }

  private static String documentPath(DocumentStatus status) {
    return status.id().stream() + "/" + status.id().date() + "/" + status.id().runId() + "/"
        + status.id().name();
  }
}
