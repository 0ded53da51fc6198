package io.dif.extract;

import io.dif.core.config.StreamConfig;
import io.dif.core.error.DifException;
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
          variables.put("window_start", window.start().toString());
          variables.put("window_end", window.end().toString());
        }
        chains.add(pool.submit(() -> {
          runChain(progress, landing, variables, partition, bound);
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
        if (!(cause instanceof RunStoppedException)) {
          chains.forEach(other -> other.cancel(true));
        }
        if (first == null) {
          first = cause instanceof RuntimeException runtime ? runtime
              : new IllegalStateException("Cannot extract " + qualified, cause);
        }
        if (!(cause instanceof RunStoppedException)) {
          throw first;
        }
      }
    }
    if (first != null) {
      throw first;
    }
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
      PageSummary summary;
      Headers headers;
      try (Response response = http.newCall(request).execute()) {
        ResponseErrors.check(qualified, request, response, throttle);
        summary = landing.landJson(request, response, scanner, parent, chainPage);
        headers = response.headers();
      } catch (IOException e) {
        throw ResponseErrors.network(qualified, request, e);
      }
      bound.addAll(summary.boundRecords());
      page = paginator.next(page, new Paginator.FetchedPage(summary, headers, chainPage))
          .orElse(null);
      progress.landed(partition, chainPage, summary.boundRecords(),
          page == null ? Optional.empty() : Optional.of(paginator.position()));
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
