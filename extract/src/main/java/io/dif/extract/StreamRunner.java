package io.dif.extract;

import io.dif.core.config.StreamConfig;
import io.dif.core.error.DifException;
import io.dif.core.zone.RawManifest;
import io.dif.extract.DateWindows.Window;
import io.dif.extract.http.ThrottleRule;
import io.dif.extract.page.PageScanner;
import io.dif.extract.page.PageSummary;
import io.dif.extract.raw.RawStore;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * readers never see a partial run.
 */
final class StreamRunner {
  private final String qualified;
  private final StreamConfig stream;
  private final RequestTemplate template;
  private final OkHttpClient http;
  private final ThrottleRule throttle;
  private final ReportJob report;
  private final Set<String> childPointers;
  private final Clock clock;
  private final int concurrency;

  record Outcome(StreamRunResult result, List<Map<String, String>> boundRecords) {}

  /** @param report the report job of a report stream, else null */
  StreamRunner(String qualified, StreamConfig stream, RequestTemplate template, OkHttpClient http,
      ThrottleRule throttle, ReportJob report, Set<String> childPointers, Clock clock,
      int concurrency) {
    this.qualified = qualified;
    this.stream = stream;
    this.template = template;
    this.http = http;
    this.throttle = throttle;
    this.report = report;
    this.childPointers = childPointers;
    this.clock = clock;
    this.concurrency = concurrency;
  }

  Outcome run(RunProgress progress, String client, String source, String streamName,
      LocalDate dt, Window window, List<Map<String, String>> partitions) throws IOException {
    Instant started = clock.instant();
    RawStore.RawRun run = progress.run();
    String runId = progress.runId();
    List<RawManifest.Page> pages = progress.pages();
    PageLanding landing = new PageLanding(qualified, stream.records(), run,
        progress.pageNumbers(), pages);
    List<Map<String, String>> bound = Collections.synchronizedList(
        new ArrayList<>(progress.previousBound()));
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

  private void awaitAll(List<Future<?>> chains) throws IOException {
    for (Future<?> chain : chains) {
      try {
        chain.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while extracting " + qualified);
      } catch (ExecutionException e) {
        chains.forEach(other -> other.cancel(true));
        Throwable cause = e.getCause();
        if (cause instanceof DifException dif) {
          throw dif;
        }
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof UncheckedIOException io) {
          throw io.getCause();
        }
        throw new IllegalStateException("Cannot extract " + qualified, cause);
      }
    }
  }

  private void runChain(RunProgress progress, PageLanding landing, Map<String, String> variables,
      Map<String, String> parent, List<Map<String, String>> bound) throws IOException {
    String partition = RunProgress.partitionName(parent);
    Paginator paginator = Paginators.start(stream.paginate(), qualified);
    Set<String> wanted = new HashSet<>(paginator.pointers());
    Map<String, String> recordFields = new LinkedHashMap<>();
    childPointers.forEach(pointer -> recordFields.put(pointer, pointer));
    PageScanner scanner = new PageScanner(wanted, stream.records(), recordFields);
    if (report != null) {
      bound.addAll(report.run(variables, parent, landing, scanner));
      return;
    }
    PageRequest page = progress.resumeRequest(partition)
        .orElseGet(() -> paginator.first(template.first(variables)));
    int chainPage = progress.pagesLanded(partition);
    while (page != null) {
      chainPage++;
      Request request = template.build(page, variables);
      PageSummary summary;
      Headers headers;
      try (Response response = http.newCall(request).execute()) {
        ResponseErrors.check(qualified, request, response, throttle);
        summary = landing.landJson(request, response, scanner, parent, chainPage);
        headers = response.headers();
      }
      bound.addAll(summary.boundRecords());
      page = paginator.next(page, new Paginator.FetchedPage(summary, headers, chainPage))
          .orElse(null);
      progress.landed(partition, chainPage, summary.boundRecords(), Optional.ofNullable(page));
    }
  }
}
