package io.dif.extract.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.control.SqliteControlDatabase;
import io.dif.control.SqliteStateStore;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.ExtractionPlan;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each pagination kind, and a report job, the way it fails in life: a real extractor process
 * killed (SIGKILL, or SIGINT that asks it to stop) after a chosen landed page, the API started
 * again on another port before every attempt, then a run to completion. The committed records
 * must equal an uninterrupted run's: nothing lost, nothing twice; every committed page is
 * LANDED in the state keeper; a report is created once and polled again after a kill.
 */
class PagingResumeAfterKillIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestingPagedApi api;

  private enum Signal { KILL, INT }

  /** Kill the worker once it printed the {@code count}-th line starting with {@code after}. */
  private record Kill(String after, int count, Signal signal) {}

  private record Attempt(boolean finished, boolean killed, int exitCode, List<String> output) {}

  @BeforeAll
  static void startApi() throws IOException {
    api = new TestingPagedApi();
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  @Test
  void cursor(@TempDir Path temp) throws Exception {
    resumesAfterKills("cursor", temp, new Kill("LANDED", 1, Signal.KILL),
        new Kill("LANDED", 2, Signal.KILL));
  }

  @Test
  void nextUrl(@TempDir Path temp) throws Exception {
    resumesAfterKills("next_url", temp, new Kill("LANDED", 2, Signal.INT));
  }

  @Test
  void pageNumber(@TempDir Path temp) throws Exception {
    resumesAfterKills("page_number", temp, new Kill("LANDED", 1, Signal.INT),
        new Kill("LANDED", 1, Signal.KILL));
  }

  @Test
  void offset(@TempDir Path temp) throws Exception {
    resumesAfterKills("offset", temp, new Kill("LANDED", 1, Signal.KILL),
        new Kill("LANDED", 1, Signal.KILL));
  }

  @Test
  void linkHeader(@TempDir Path temp) throws Exception {
    resumesAfterKills("link_header", temp, new Kill("LANDED", 1, Signal.INT),
        new Kill("LANDED", 1, Signal.KILL));
  }

  @Test
  void reportJob(@TempDir Path temp) throws Exception {
    int before = api.reportsCreated();
    // killed once the report is created (before any file), then after its first file
    resumesAfterKills("report", temp, new Kill("SAVED", 1, Signal.KILL),
        new Kill("LANDED", 1, Signal.KILL));
    assertThat(api.reportsCreated() - before)
        .as("one report for the reference run, one for the killed runs, polled again on resume")
        .isEqualTo(2);
  }

  private static void resumesAfterKills(String kind, Path temp, Kill... kills) throws Exception {
    Path reference = temp.resolve("reference");
    TestingPagingWorker.extractor(api.baseUrl(), reference, new InMemoryRunJournal())
        .extract(TestingPagingWorker.config(kind),
            ExtractionPlan.everything(TestingPagingWorker.TODAY));
    List<String> expected = committedRecords(reference);
    int pages = lastCommitted(reference).stream().mapToInt(m -> readQuietly(m).pages().size())
        .sum();
    assertThat(expected).isEqualTo(TestingPagedApi.recordIds(kind).stream().sorted().toList());

    Path raw = temp.resolve("resumed");
    Path control = temp.resolve("control.db");
    int killed = 0;
    List<String> landedLines = new ArrayList<>();
    Attempt last = null;
    for (Kill kill : kills) {
      api.restartOnAnotherPort();
      Attempt attempt = runWorker(kind, raw, control, kill);
      landedLines.addAll(landed(attempt));
      if (attempt.finished()) {
        last = attempt; // the signal came after the last page: nothing left to resume
        break;
      }
      assertThat(attempt.killed()).as(String.join("\n", attempt.output())).isTrue();
      killed++;
      if (kill.signal() == Signal.INT) {
        assertThat(attempt.exitCode()).as(String.join("\n", attempt.output())).isEqualTo(130);
        assertThat(attempt.output()).anySatisfy(line -> assertThat(line)
            .startsWith("STOPPED Stopped extracting paging.api." + kind)
            .contains("on SIGINT: what was committed is kept; the next run resumes"));
      }
    }
    assertThat(killed).as("attempts killed before finishing").isPositive();
    if (last == null) {
      api.restartOnAnotherPort();
      last = runWorker(kind, raw, control, null);
      landedLines.addAll(landed(last));
    }
    assertThat(last.finished()).as(String.join("\n", last.output())).isTrue();
    assertThat(last.exitCode()).isZero();
    // each page is taken by the journal once: a resume continues after it, never before
    assertThat(landedLines).as("pages landed over all attempts").hasSizeLessThanOrEqualTo(pages);

    assertThat(committedRecords(raw)).isEqualTo(expected);
    assertNoStrayFiles(raw);
    assertCommittedPagesLanded(raw, control);
    assertThat(api.unexpected()).isEmpty();
  }

  private static Attempt runWorker(String kind, Path raw, Path control, Kill kill)
      throws Exception {
    Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx96m", "-cp", System.getProperty("java.class.path"),
        TestingPagingWorker.class.getName(), api.baseUrl(), raw.toString(), control.toString(),
        kind).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    boolean killed = false;
    int seen = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(
        worker.getInputStream()))) {
      String line;
      while ((line = out.readLine()) != null) {
        output.add(line);
        if (!killed && kill != null && line.startsWith(kill.after() + " ")
            && ++seen == kill.count()) {
          killed = true;
          if (kill.signal() == Signal.KILL) {
            worker.destroyForcibly();
            break;
          }
          new ProcessBuilder("kill", "-INT", Long.toString(worker.pid())).start().waitFor();
        }
      }
    }
    assertThat(worker.waitFor(1, TimeUnit.MINUTES)).isTrue();
    boolean finished = output.contains("DONE");
    return new Attempt(finished, killed && !finished, worker.exitValue(), output);
  }

  private static List<String> landed(Attempt attempt) {
    return attempt.output().stream().filter(line -> line.startsWith("LANDED ")).toList();
  }

  private static RawManifest readQuietly(Path manifest) {
    try {
      return read(manifest);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The records of the run committed last of each stream and date, as sorted ids. */
  private static List<String> committedRecords(Path root) throws IOException {
    List<String> ids = new ArrayList<>();
    for (Path manifest : lastCommitted(root)) {
      for (RawManifest.Page page : read(manifest).pages()) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
            manifest.resolveSibling(page.file())))) {
          JsonNode body = JSON.readTree(in);
          body.get("data").forEach(record -> ids.add(record.get("id").asText()));
        }
      }
    }
    return ids.stream().sorted().toList();
  }

  private static List<Path> lastCommitted(Path root) throws IOException {
    Map<String, Path> latest = new TreeMap<>();
    for (Path manifest : manifests(root)) {
      RawManifest read = read(manifest);
      latest.merge(read.stream() + "/" + read.dt(), manifest, (a, b) -> {
        try {
          return read(a).committedAt().isAfter(read(b).committedAt()) ? a : b;
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      });
    }
    return List.copyOf(latest.values());
  }

  /** Run folders hold exactly their manifest's pages, and every run folder was committed. */
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
        assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()))
            .isEqualTo(Stream.concat(listed.stream(), Stream.of(ZoneLayout.MANIFEST))
                .collect(Collectors.toSet()));
      }
    }
  }

  /** Every page of the last committed runs is LANDED in the state keeper (reports too). */
  private static void assertCommittedPagesLanded(Path raw, Path control) throws IOException {
    SqliteStateStore states = new SqliteStateStore(SqliteControlDatabase.open(control),
        Clock.systemUTC());
    Set<String> landed = states.find(DocumentQuery.client("paging")
            .states(Set.of(DocumentState.LANDED))).stream()
        .map(s -> s.id().stream() + "/" + s.id().runId() + "/" + s.id().name())
        .collect(Collectors.toSet());
    for (Path manifest : lastCommitted(raw)) {
      RawManifest read = read(manifest);
      assertThat(read.pages()).isNotEmpty();
      for (RawManifest.Page page : read.pages()) {
        assertThat(landed).contains(read.stream() + "/" + read.runId() + "/" + page.file());
      }
    }
  }

  private static List<Path> manifests(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().equals(ZoneLayout.MANIFEST)).toList();
    }
  }

  private static RawManifest read(Path manifest) throws IOException {
    try (InputStream in = Files.newInputStream(manifest)) {
      return RawManifest.fromJson(in);
    }
  }
}
