package io.dif.extract;

import io.dif.core.config.StreamConfig;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.run.RunStoppedException;
import io.dif.core.run.StopSignal;
import io.dif.core.zone.RawManifest;
import io.dif.extract.DateWindows.Window;
import io.dif.extract.http.ThrottleRule;
import io.dif.extract.page.PageScanner;
import io.dif.extract.page.PageSummary;
import io.dif.extract.raw.RawStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Lands one run of one stream: every partition's request chain, pages streamed to the raw zone
 * as they arrive, then the manifest. If any chain fails, the run is left uncommitted, so
 * readers never see a partial run. A stop request ({@link StopSignal}) is honoured between
 * pages: the page in flight is landed and recorded, no new one is asked for, and the run stays
 * open for the next run to resume.
 */
final class StreamRunner {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(
      StreamRunner.class);
  private final String qualified;
  private final StreamConfig stream;
  private final RequestTemplate template;
  private final OkHttpClient http;
  private final ThrottleRule throttle;
  private final ReportJob report;
  private final Set<String> childPointers;
  private final Clock clock;
  private final int concurrency;
  private final StopSignal stop;
  private Semaphore chainSlots = new Semaphore(Integer.MAX_VALUE);
  private PageRetries retries = new PageRetries(new io.dif.core.config.RetryConfig(1,
      java.time.Duration.ZERO, java.time.Duration.ZERO), duration -> { });

  record Outcome(StreamRunResult result, List<Map<String, String>> boundRecords) {}

  /** @param report the report job of a report stream, else null */
  StreamRunner(String qualified, StreamConfig stream, RequestTemplate template, OkHttpClient http,
      ThrottleRule throttle, ReportJob report, Set<String> childPointers, Clock clock,
      int concurrency, StopSignal stop) {
    this.qualified = qualified;
    this.stream = stream;
    this.template = template;
    this.http = http;
    this.throttle = throttle;
    this.report = report;
    this.childPointers = childPointers;
    this.clock = clock;
    this.concurrency = concurrency;
    this.stop = stop;
  }

  /**
   * Request chains that may run at once across every window of the stream (the source's
   * concurrency), so windows landed side by side share one budget of chains.
   */
  StreamRunner withChainSlots(Semaphore slots) {
    this.chainSlots = slots;
    return this;
  }

  /** How a page whose body breaks off is fetched again (once, without this). */
  StreamRunner withPageRetries(PageRetries pageRetries) {
    this.retries = pageRetries;
    return this;
  }

  Outcome run(RunProgress progress, String client, String source, String streamName,
      LocalDate dt, Window window, List<Map<String, String>> partitions) {
    Instant started = clock.instant();
    RawStore.RawRun run = progress.run();
    String runId = progress.runId();
    List<RawManifest.Page> pages = progress.pages();
    PageLanding landing = new PageLanding(qualified, stream.records(), run,
        progress.pageNumbers(), pages);
    List<Map<String, String>> bound = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency,
        Math.max(1, partitions.size())));
    try {
      List<Future<?>> chains = new ArrayList<>();
      for (Map<String, String> partition : partitions) {
        if (progress.done(RunProgress.partitionName(partition))) {
          continue;
        }
        Map<String, String> variables = new LinkedHashMap<>(partition);
        if (window != null) {
          putDate(variables, "window_start", window.start());
          putDate(variables, "window_end", window.end());
        }
        chains.add(pool.submit(() -> {
          chainSlots.acquire();
          try {
            runChain(progress, landing, variables, partition, bound);
          } finally {
            chainSlots.release();
          }
          return null;
        }));
      }
      awaitAll(chains);
    } finally {
      pool.shutdownNow();
    }
    bound.addAll(0, progress.previousBound());
    List<RawManifest.Page> sorted = new ArrayList<>(pages);
    sorted.sort(Comparator.comparing(RawManifest.Page::file));
    RawManifest manifest = new RawManifest(client, source, streamName, dt, runId,
        window == null ? null : window.start(), window == null ? null : window.end(),
        progress.fencingToken(), started, clock.instant(), sorted);
    progress.commit(manifest.toJson(), partitions.stream().map(RunProgress::partitionName)
        .toList());
    return new Outcome(new StreamRunResult(source, streamName, dt, runId, sorted.size(),
        manifest.totalRecords(), manifest.totalBytes(),
        sorted.stream().mapToLong(RawManifest.Page::storedBytes).sum(), run.location()),
        List.copyOf(bound));
  }

  /** A date variable as yyyy-MM-dd, and its parts as numbers (Microsoft's {Day, Month, Year}). */
  private static void putDate(Map<String, String> variables, String name, LocalDate date) {
    variables.put(name, date.toString());
    variables.put(name + "_year", Integer.toString(date.getYear()));
    variables.put(name + "_month", Integer.toString(date.getMonthValue()));
    variables.put(name + "_day", Integer.toString(date.getDayOfMonth()));
  }

  /**
   * Waits for every chain; rethrows the first failure. A failed chain cancels the others; a
   * stopped one lets them land the page they are fetching (they stop before their next page).
   */
  private void awaitAll(List<Future<?>> chains) {
    RuntimeException first = null;
    for (Future<?> chain : chains) {
      try {
        chain.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        chains.forEach(other -> other.cancel(true));
        stop.check("extracting " + qualified);
        throw new IllegalStateException("Interrupted while extracting " + qualified, e);
      } catch (java.util.concurrent.CancellationException cancelled) {
        // cancelled after another chain failed; that failure is reported
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        boolean othersGoOn = cause instanceof RunStoppedException || reportOnly(cause);
        if (!othersGoOn) {
          chains.forEach(other -> other.cancel(true));
        }
        // a stop, and any other failure, says more than a failed report
        if (first == null || reportOnly(first) && !reportOnly(cause)) {
          first = cause instanceof RuntimeException runtime ? runtime
              : new IllegalStateException("Cannot extract " + qualified, cause);
        }
        if (!othersGoOn) {
          throw first;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * A failure of one report (failed or timed out after its re-creations) leaves the other
   * chains of the window running: what they land is kept for the next run to resume.
   */
  private static boolean reportOnly(Throwable failure) {
    return failure instanceof DifException dif && (dif.code() == ErrorCode.REPORT_FAILED
        || dif.code() == ErrorCode.REPORT_TIMED_OUT);
  }

  private void runChain(RunProgress progress, PageLanding landing, Map<String, String> variables,
      Map<String, String> parent, List<Map<String, String>> bound) {
    String partition = RunProgress.partitionName(parent);
    stopIfAsked(progress);
    Paginator paginator = Paginators.start(stream.paginate(), qualified, template.base());
    Set<String> wanted = new HashSet<>(paginator.pointers());
    Map<String, String> recordFields = new LinkedHashMap<>();
    childPointers.forEach(pointer -> recordFields.put(pointer, pointer));
    PageScanner scanner = new PageScanner(wanted, stream.records(), recordFields);
    if (report != null) {
      bound.addAll(report.run(variables, parent, landing, scanner, progress, partition,
          () -> stopIfAsked(progress)));
      return;
    }
    PageRequest first = template.first(variables);
    PageRequest page = paginator.first(first);
    Optional<Map<String, String>> position = progress.position(partition);
    if (position.isPresent()) {
      Optional<PageRequest> resumed = paginator.resume(first, position.get());
      if (resumed.isPresent()) {
        page = resumed.get();
      } else {
        LOG.warn("Cannot resume request chain \"{}\" of {}: its saved position {} is not one"
            + " of paginate type {}; the chain starts again from its first page", partition,
            progress.key(), position.get(), stream.paginate().type());
        progress.restart(partition);
      }
    }
    int chainPage = progress.pagesLanded(partition);
    while (page != null) {
      if (chainPage > 0) {
        stopIfAsked(progress);
      }
      chainPage++;
      Request request = template.build(page, variables);
      Fetched fetched = fetch(request, landing, scanner, parent, chainPage);
      PageSummary summary = fetched.summary();
      Headers headers = fetched.headers();
      bound.addAll(summary.boundRecords());
      page = paginator.next(page, new Paginator.FetchedPage(summary, headers, chainPage))
          .orElse(null);
      progress.landed(partition, chainPage, summary.boundRecords(),
          page == null ? Optional.empty() : Optional.of(paginator.position()));
    }
  }

  private record Fetched(PageSummary summary, Headers headers) {}

  /**
   * Fetches and lands one page. A body that breaks off is fetched again (its partly landed file
   * removed) up to the source's retry.max_attempts; then the stream fails as retriable.
   */
  private Fetched fetch(Request request, PageLanding landing, PageScanner scanner,
      Map<String, String> parent, int chainPage) {
    for (int attempt = 1; ; attempt++) {
      Response response;
      try {
        response = http.newCall(request).execute();
      } catch (IOException e) {
        throw ResponseErrors.network(qualified, request, e);
      }
      try (response) {
        ResponseErrors.check(qualified, request, response, throttle);
        try {
          PageSummary summary = landing.landPage(request, response, scanner, parent, chainPage,
              stream.landedFormat());
          return new Fetched(summary, response.headers());
        } catch (IOException brokenBody) {
          if (!retries.mayRetry(attempt) || Thread.currentThread().isInterrupted()) {
            throw ResponseErrors.brokenBody(qualified, request, brokenBody, attempt);
          }
          LOG.info("Fetching page {} of {} again: its body broke off ({}), attempt {} of {}",
              chainPage, qualified, brokenBody.toString(), attempt + 1, retries.maxAttempts());
        }
      } catch (IOException e) {
        throw ResponseErrors.network(qualified, request, e);
      }
      retries.backoff(attempt, "page " + chainPage + " of " + qualified);
    }
  }

  /** Throws {@link RunStoppedException} when a stop was asked for: between pages only. */
  private void stopIfAsked(RunProgress progress) {
    if (stop.requested()) {
      stop.check("extracting " + progress.key() + " (" + progress.pages().size()
          + " pages landed in run " + progress.runId() + ")");
    }
  }
}
