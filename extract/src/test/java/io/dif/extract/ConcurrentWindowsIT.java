package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.control.SqliteCheckpointStore;
import io.dif.control.SqliteControlDatabase;
import io.dif.control.SqliteStateStore;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.EnvironmentCredentialStore;
import io.dif.core.run.RunStoppedException;
import io.dif.core.run.StopSignal;
import io.dif.core.state.CheckpointStore;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.journal.CheckpointRunJournal;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.raw.LocalRawStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The windows of a stream are landed side by side, as many at a time as the source's
 * {@code rate_limit.concurrency}, against a fake API that answers concurrently and counts the
 * requests in flight; the high-water mark only moves over the windows committed without a gap,
 * and a rerun lands what is missing without landing again the windows committed after a gap.
 */
class ConcurrentWindowsIT {
  private static final LocalDate TODAY = LocalDate.of(2024, 2, 1);
  private static final int CONCURRENCY = 3;

  private static ClientConfig config(String windowEnd) {
    return new ClientConfigLoader().parse("windows.yaml", """
        version: 1
        client: acme
        sources:
          api:
            base_url: http://127.0.0.1:1
            rate_limit: { per_second: 1000, concurrency: %d }
            retry: { max_attempts: 1, initial_backoff: PT0.01S }
            streams:
              daily:
                request: { path: /daily, query: { day: "{window_start}" } }
                records: /data
                paginate: { type: cursor, token: /paging/cursors/after, param: after, until_missing: /paging/next }
                window: { start: 2024-01-01, end: %s, step: P1D }
        """.formatted(CONCURRENCY, windowEnd));
  }

  /**
   * A fake of the daily endpoint: two pages per day (a cursor, then the last page), answered
   * by {@code answer} (null for the normal answer); counts requests per day and in flight.
   */
  private static final class DailyApi implements AutoCloseable {
    final MockWebServer server = new MockWebServer();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final Map<String, Integer> requestsPerDay = Collections.synchronizedMap(new TreeMap<>());
    final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    volatile Function<RecordedRequest, MockResponse> answer = request -> null;

    DailyApi() throws IOException {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try {
            return respond(request);
          } finally {
            inFlight.decrementAndGet();
          }
        }
      });
      server.start();
    }

    private MockResponse respond(RecordedRequest request) {
      String day = request.getRequestUrl().queryParameter("day");
      if (!"/daily".equals(request.getRequestUrl().encodedPath()) || day == null) {
        unexpected.add(request.getPath());
        return new MockResponse().setResponseCode(418);
      }
      requestsPerDay.merge(day, 1, Integer::sum);
      MockResponse special = answer.apply(request);
      if (special != null) {
        return special;
      }
      String after = request.getRequestUrl().queryParameter("after");
      String body = after == null
          ? "{\"data\":[{\"id\":\"" + day + "-1\"}],\"paging\":{\"cursors\":{\"after\":\"c-" + day
              + "\"},\"next\":\"more\"}}"
          : "{\"data\":[{\"id\":\"" + day + "-2\"}],\"paging\":{\"cursors\":{}}}";
      return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    String baseUrl() {
      String url = server.url("/").toString();
      return url.substring(0, url.length() - 1);
    }

    @Override
    public void close() throws IOException {
      server.shutdown();
    }
  }

  /** A control store in one SQLite file: the journal and the marks survive between runs. */
  private record Control(CheckpointStore checkpoints, CheckpointRunJournal journal) {
    static Control in(Path file) {
      SqliteControlDatabase database = SqliteControlDatabase.open(file);
      SqliteCheckpointStore checkpoints = new SqliteCheckpointStore(database, Clock.systemUTC());
      return new Control(checkpoints, new CheckpointRunJournal(checkpoints,
          new SqliteStateStore(database, Clock.systemUTC())));
    }

    Optional<LocalDate> mark() {
      return HighWaterMarks.inCheckpoints(checkpoints).mark(HighWaterMarks.key("acme", "api",
          "daily"));
    }
  }

  private static Extractor extractor(Path root, DailyApi api, Control control, RunLocks locks) {
    return new Extractor(new LocalRawStore(new ZoneLayout(root.resolve("data").toString())),
        new SourceHttpClients(new EnvironmentCredentialStore(Map.of())),
        (name, source) -> api.baseUrl(), Clock.systemUTC(), control.journal(), locks)
        .withHighWaterMarks(HighWaterMarks.inCheckpoints(control.checkpoints()));
  }

  /** Waits until {@code count} requests are in flight or {@code millis} passed. */
  private static void awaitInFlight(DailyApi api, int count, long millis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (api.inFlight.get() < count && System.nanoTime() < until) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Data dates with a committed run (a manifest), and how many committed runs each has. */
  private static Map<String, Integer> committedRuns(Path root) throws IOException {
    Map<String, Integer> runs = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root.resolve("data"))) {
      files.filter(p -> p.getFileName().toString().equals(ZoneLayout.MANIFEST))
          .forEach(manifest -> runs.merge(manifest.getParent().getParent().getFileName()
              .toString().substring("dt=".length()), 1, Integer::sum));
    }
    return runs;
  }

  @Test
  void windowsOverlapUpToTheSourceConcurrencyAndNeverBeyond(@TempDir Path root)
      throws Exception {
    try (DailyApi api = new DailyApi()) {
      // the first requests wait for CONCURRENCY in flight (windows landed one after another
      // never get there), later ones wait a little for one more (which a bound forbids)
      api.answer = request -> {
        boolean first = api.mostInFlight.get() < CONCURRENCY;
        awaitInFlight(api, first ? CONCURRENCY : CONCURRENCY + 1, first ? 10_000 : 200);
        return null;
      };
      Control control = Control.in(root.resolve("control.db"));
      ExtractionProgress progress = new ExtractionProgress();
      ExtractionResult result = ExtractionFailures.rethrow(extractor(root, api, control,
          RunLocks.inProcess()).withProgress(progress).extract(config("2024-01-09"),
          ExtractionPlan.everything(TODAY)));

      assertThat(api.unexpected).isEmpty();
      assertThat(api.mostInFlight.get()).isEqualTo(CONCURRENCY);
      // results and their order do not depend on which window finished first
      assertThat(result.runs()).extracting(run -> run.dt().toString()).containsExactly(
          "2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-06",
          "2024-01-07", "2024-01-08", "2024-01-09");
      assertThat(result.runs()).allSatisfy(run -> {
        assertThat(run.pages()).isEqualTo(2);
        assertThat(run.records()).isEqualTo(2);
      });
      assertThat(api.requestsPerDay.values()).containsOnly(2).hasSize(9);
      assertThat(progress.get()).contains(": 9 runs, 18 pages, 18 rows,");
      assertThat(control.mark()).contains(LocalDate.of(2024, 1, 9));
      assertThat(committedRuns(root).values()).containsOnly(1).hasSize(9);
    }
  }

  @Test
  void aFailedMiddleWindowLeavesTheMarkBeforeItAndTheRerunKeepsWhatCommittedAfterIt(
      @TempDir Path root) throws Exception {
    try (DailyApi api = new DailyApi()) {
      CountDownLatch laterWindowAsked = new CountDownLatch(1);
      // 01-03 fails, but only once the window after it is being landed: a window in flight
      // when another fails finishes and commits
      api.answer = request -> {
        String day = request.getRequestUrl().queryParameter("day");
        if (day.equals("2024-01-04")) {
          laterWindowAsked.countDown();
        }
        if (day.equals("2024-01-03")) {
          try {
            laterWindowAsked.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new MockResponse().setResponseCode(400).setHeader("Content-Type",
              "application/json").setBody("{\"error\":{\"message\":\"day not ready\"}}");
        }
        return null;
      };
      Control control = Control.in(root.resolve("control.db"));
      RunLocks locks = RunLocks.inProcess();
      ExtractionResult first = extractor(root, api, control, locks).extract(
          config("2024-01-06"), ExtractionPlan.everything(TODAY));

      assertThat(first.failures()).singleElement().satisfies(failure -> {
        assertThat(failure.stream()).isEqualTo("daily");
        assertThat(failure.error().getMessage()).contains("HTTP 400").contains("day=2024-01-03");
      });
      assertThat(control.mark()).contains(LocalDate.of(2024, 1, 2));
      List<String> landedFirst = first.runs().stream().map(run -> run.dt().toString()).toList();
      assertThat(landedFirst).startsWith("2024-01-01", "2024-01-02", "2024-01-04")
          .doesNotContain("2024-01-03").isSorted();
      Map<String, Integer> committedFirst = committedRuns(root);
      assertThat(committedFirst.keySet()).containsExactlyElementsOf(landedFirst);

      api.answer = request -> null;
      api.requestsPerDay.clear();
      ExtractionResult rerun = ExtractionFailures.rethrow(extractor(root, api, control, locks)
          .extract(config("2024-01-06"), ExtractionPlan.everything(TODAY)));

      // the rerun starts after the mark and does not ask again for the windows committed
      // after the failed one
      List<String> expectedNow = Stream.of("2024-01-03", "2024-01-04", "2024-01-05",
          "2024-01-06").filter(day -> !landedFirst.contains(day)).toList();
      assertThat(rerun.runs()).extracting(run -> run.dt().toString())
          .containsExactlyElementsOf(expectedNow);
      assertThat(api.requestsPerDay.keySet()).containsExactlyElementsOf(expectedNow);
      assertThat(control.mark()).contains(LocalDate.of(2024, 1, 6));
      assertThat(committedRuns(root)).containsOnlyKeys("2024-01-01", "2024-01-02",
          "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-06").values().containsOnly(1);
      assertThat(api.unexpected).isEmpty();
    }
  }

  @Test
  void aStopEndsTheWindowsInFlightBetweenPagesAndTheRerunResumesThem(@TempDir Path root)
      throws Exception {
    try (DailyApi api = new DailyApi()) {
      StopSignal stop = StopSignal.never();
      // SIGINT arrives while the first pages of the first windows are being answered: they
      // are landed, and no window asks for its second page
      api.answer = request -> {
        if (request.getRequestUrl().queryParameter("after") == null) {
          awaitInFlight(api, CONCURRENCY, 10_000);
          stop.request("SIGINT", 130);
        }
        return null;
      };
      Control control = Control.in(root.resolve("control.db"));
      RunLocks locks = RunLocks.inProcess();
      try {
        extractor(root, api, control, locks).withStopSignal(stop).extract(config("2024-01-06"),
            ExtractionPlan.everything(TODAY));
        throw new AssertionError("the extraction was not stopped");
      } catch (RunStoppedException e) {
        assertThat(e.exitCode()).isEqualTo(130);
      }
      // stopped between pages: no window got its second page, so none committed
      assertThat(api.requestsPerDay.values()).containsOnly(1);
      assertThat(api.requestsPerDay).containsOnlyKeys("2024-01-01", "2024-01-02",
          "2024-01-03");
      assertThat(control.mark()).isEmpty();
      Map<String, Integer> pagesBefore = new TreeMap<>(api.requestsPerDay);

      api.answer = request -> null;
      api.requestsPerDay.clear();
      ExtractionResult rerun = ExtractionFailures.rethrow(extractor(root, api, control, locks)
          .extract(config("2024-01-06"), ExtractionPlan.everything(TODAY)));

      assertThat(rerun.runs()).extracting(run -> run.dt().toString()).containsExactly(
          "2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-06");
      assertThat(rerun.runs()).allSatisfy(run -> assertThat(run.pages()).isEqualTo(2));
      // the windows stopped after their first page resume at their second: each page once
      pagesBefore.forEach((day, pages) -> assertThat(api.requestsPerDay.get(day))
          .as("requests for %s after the stop", day).isEqualTo(1));
      assertThat(control.mark()).contains(LocalDate.of(2024, 1, 6));
      assertThat(committedRuns(root).values()).containsOnly(1).hasSize(6);
    }
  }
}
