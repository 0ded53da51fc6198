package io.dif.extract;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dif.core.config.StreamConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DataException;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.DateWindows.Window;
import io.dif.extract.http.RedactedUrl;
import io.dif.extract.page.LandingInputStream;
import io.dif.extract.page.PageScanner;
import io.dif.extract.page.PageSummary;
import io.dif.extract.raw.RawStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Lands one run of one stream: every partition's request chain, pages streamed to the raw zone
 * as they arrive, then the manifest. If any chain fails, the run is left uncommitted, so
 * readers never see a partial run.
 */
final class StreamRunner {
  private static final int ERROR_TEXT_LIMIT = 500;

  private final String qualified;
  private final StreamConfig stream;
  private final RequestTemplate template;
  private final OkHttpClient http;
  private final Set<String> childPointers;
  private final Clock clock;
  private final int concurrency;

  record Outcome(StreamRunResult result, List<Map<String, String>> boundRecords) {}

  StreamRunner(String qualified, StreamConfig stream, RequestTemplate template, OkHttpClient http,
      Set<String> childPointers, Clock clock, int concurrency) {
    this.qualified = qualified;
    this.stream = stream;
    this.template = template;
    this.http = http;
    this.childPointers = childPointers;
    this.clock = clock;
    this.concurrency = concurrency;
  }

  Outcome run(RawStore.RawRun run, String client, String source, String streamName, LocalDate dt,
      String runId, Window window, List<Map<String, String>> partitions) throws IOException {
    Instant started = clock.instant();
    AtomicInteger pageNumbers = new AtomicInteger();
    List<RawManifest.Page> pages = Collections.synchronizedList(new ArrayList<>());
    List<Map<String, String>> bound = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency,
        Math.max(1, partitions.size())));
    try {
      List<Future<?>> chains = new ArrayList<>();
      for (Map<String, String> partition : partitions) {
        Map<String, String> variables = new LinkedHashMap<>(partition);
        if (window != null) {
          variables.put("window_start", window.start().toString());
          variables.put("window_end", window.end().toString());
        }
        chains.add(pool.submit(() -> {
          runChain(run, variables, partition, pageNumbers, pages, bound);
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
        window == null ? null : window.start(), window == null ? null : window.end(), 0L,
        started, clock.instant(), sorted);
    run.commit(manifest.toJson());
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

  private void runChain(RawStore.RawRun run, Map<String, String> variables,
      Map<String, String> parent, AtomicInteger pageNumbers, List<RawManifest.Page> pages,
      List<Map<String, String>> bound) throws IOException {
    Paginator paginator = Paginators.start(stream.paginate(), qualified);
    Set<String> wanted = new HashSet<>(paginator.pointers());
    Map<String, String> recordFields = new LinkedHashMap<>();
    childPointers.forEach(pointer -> recordFields.put(pointer, pointer));
    PageScanner scanner = new PageScanner(wanted, stream.records(), recordFields);
    HttpUrl url = template.firstUrl(variables);
    int chainPage = 0;
    while (url != null) {
      chainPage++;
      Request request = template.build(url, variables);
      String file = ZoneLayout.pageName(pageNumbers.getAndIncrement(), "json.gz");
      PageSummary summary;
      try (Response response = http.newCall(request).execute()) {
        checkStatus(request, response);
        summary = land(run, file, request, response, scanner, parent, pages, chainPage);
      }
      bound.addAll(summary.boundRecords());
      url = paginator.next(url, summary, chainPage).orElse(null);
    }
  }

  private PageSummary land(RawStore.RawRun run, String file, Request request, Response response,
      PageScanner scanner, Map<String, String> parent, List<RawManifest.Page> pages,
      int chainPage) throws IOException {
    ResponseBody body = response.body();
    PageSummary summary;
    long stored;
    LandingInputStream landing;
    try (CountingOutputStream counted = new CountingOutputStream(run.openPage(file));
        GZIPOutputStream gzip = new GZIPOutputStream(counted, 64 * 1024)) {
      landing = new LandingInputStream(body.byteStream(), gzip);
      try {
        summary = scanner.scan(landing);
      } catch (JsonProcessingException e) {
        landing.drain();
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot read page " + chainPage
            + " of stream " + qualified + " from " + RedactedUrl.of(request.url())
            + ": not valid JSON: " + e.getOriginalMessage());
      }
      landing.drain();
      gzip.finish();
      stored = counted.count;
    }
    if (!summary.recordsFound()) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot read page " + chainPage
          + " of stream " + qualified + " from " + RedactedUrl.of(request.url())
          + ": no records array at " + stream.records());
    }
    String contentType = response.header("Content-Type", "application/octet-stream");
    pages.add(new RawManifest.Page(file, request.method(), RedactedUrl.of(request.url()), parent,
        response.code(), contentType, "gzip", landing.bytes(), stored, landing.sha256(),
        summary.recordCount()));
    return summary;
  }

  private void checkStatus(Request request, Response response) throws IOException {
    if (response.isSuccessful()) {
      return;
    }
    String text = errorText(response);
    String message = "Cannot fetch stream " + qualified + ": HTTP " + response.code() + " from "
        + request.method() + " " + RedactedUrl.of(request.url()) + ": " + text;
    if (response.code() == 429 || response.code() >= 500) {
      throw new RetriableException(ErrorCode.HTTP_RETRIES_EXHAUSTED,
          message + " (retries exhausted)", null);
    }
    throw new ConfigurationException(ErrorCode.HTTP_REJECTED, message);
  }

  private static String errorText(Response response) throws IOException {
    ResponseBody body = response.body();
    if (body == null) {
      return "(no body)";
    }
    okio.BufferedSource source = body.source();
    source.request(ERROR_TEXT_LIMIT);
    long available = Math.min(ERROR_TEXT_LIMIT, source.getBuffer().size());
    String text = new String(source.getBuffer().readByteArray(available), StandardCharsets.UTF_8);
    try {
      com.fasterxml.jackson.databind.JsonNode json =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
      com.fasterxml.jackson.databind.JsonNode message = json.at("/error/message");
      if (!message.isMissingNode()) {
        return message.asText();
      }
    } catch (IOException notJson) {
      // fall back to the raw text
    }
    return text.isBlank() ? "(empty body)" : text.strip();
  }

  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    private long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      count += length;
    }
  }
}
