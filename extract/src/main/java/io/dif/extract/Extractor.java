package io.dif.extract;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ForEachConfig;
import io.dif.core.config.RateLimitConfig;
import io.dif.core.config.SourceConfig;
import io.dif.core.config.StreamConfig;
import io.dif.core.config.WindowConfig;
import io.dif.core.run.RunStoppedException;
import io.dif.core.run.StopSignal;
import io.dif.core.state.CheckpointKey;
import io.dif.core.zone.RawManifest;
import io.dif.extract.DateWindows.Window;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.journal.RunJournal;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.http.ThrottleRule;
import io.dif.extract.raw.RawStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts the streams of a client into the raw zone. Parents run before the streams that
 * depend on them; each (stream, data date) becomes one run committed by its manifest. The
 * windows of a stream with a {@code rate_limit} are landed side by side, {@code concurrency} at
 * a time, their request chains sharing that many slots (see {@link StreamWindows}); without one,
 * one after another. Each stream ends with a line of its pages per second and, with a rate
 * limit, their share of it.
 */
public final class Extractor {
  private static final Logger LOG = LoggerFactory.getLogger(Extractor.class);

  private final RawStore raw;
  private final SourceHttpClients http;
  private final BaseUrls baseUrls;
  private final Clock clock;
  private final ReportJob.Sleeper reportSleeper;
  private RunJournal journal = RunJournal.none();
  private RunLocks locks = RunLocks.inProcess();
  private HighWaterMarks marks = HighWaterMarks.inMemory();
  private ExtractionProgress counters = new ExtractionProgress();
  private StopSignal stop = StopSignal.never();
  private io.dif.core.state.CheckpointStore sourceState = new InMemoryCheckpoints();

  public Extractor(RawStore raw, SourceHttpClients http, BaseUrls baseUrls, Clock clock) {
    this(raw, http, baseUrls, clock, duration -> Thread.sleep(duration.toMillis()));
  }

  /**
   * @param journal where runs record their pages, so a killed run resumes (see {@link RunJournal})
   * @param locks one run per client and stream at a time (in process, or Redis)
   */
  public Extractor(RawStore raw, SourceHttpClients http, BaseUrls baseUrls, Clock clock,
      RunJournal journal, RunLocks locks) {
    this(raw, http, baseUrls, clock);
    this.journal = journal;
    this.locks = locks;
  }

  /** @param reportSleeper waits between report polls (tests pass one that does not sleep) */
  Extractor(RawStore raw, SourceHttpClients http, BaseUrls baseUrls, Clock clock,
      ReportJob.Sleeper reportSleeper) {
    this.raw = raw;
    this.http = http;
    this.baseUrls = baseUrls;
    this.clock = clock;
    this.reportSleeper = reportSleeper;
  }

  /** Where windowed streams keep their high-water marks (in memory unless given). */
  public Extractor withHighWaterMarks(HighWaterMarks highWaterMarks) {
    this.marks = highWaterMarks;
    return this;
  }

  /**
   * What asks the extraction to stop early (SIGINT, SIGTERM): it stops between pages, keeps
   * what it landed for the next run to resume, and throws {@link RunStoppedException}.
   */
  /** Where landed pages are counted while the extraction runs, for a progress line. */
  public Extractor withProgress(ExtractionProgress progress) {
    this.counters = progress;
    return this;
  }

  /**
   * Where jdbc and sftp streams keep their marks and landed files: the control store's
   * checkpoints (in memory unless given).
   */
  public Extractor withSourceState(io.dif.core.state.CheckpointStore checkpoints) {
    this.sourceState = checkpoints;
    return this;
  }

  private LandingContext landingContext() {
    return new LandingContext(raw, journal, locks, sourceState, http.credentials(), clock,
        counters, stop);
  }

  public Extractor withStopSignal(StopSignal stopSignal) {
    this.stop = stopSignal;
    return this;
  }

  /**
   * Extracts every stream of the plan. Streams are isolated: a stream that fails is recorded
   * in the result's failures (with the streams that depend on it, skipped) and the others go on,
   * so a daily run still delivers what it can. Only a stop request ends the extraction early.
   */
  public ExtractionResult extract(ClientConfig client, ExtractionPlan plan) {
    IncrementalWindows.checkRange(plan.from(), plan.to());
    Instant started = clock.instant();
    List<StreamRunResult> runs = new ArrayList<>();
    List<StreamFailure> failures = new ArrayList<>();
    boolean matched = false;
    for (Map.Entry<String, SourceConfig> source : client.sources().entrySet()) {
      if (source.getValue().pushed()) {
        continue; // clients push to it through dif serve: nothing to pull
      }
      if (plan.source().map(source.getKey()::equals).orElse(true)) {
        List<String> streams = streamsInOrder(source.getValue(), plan.stream());
        matched |= !streams.isEmpty();
        if (source.getValue().jdbc().isPresent()) {
          new JdbcStreams(landingContext()).extract(client.client(), source.getKey(),
              source.getValue(), streams, plan, runs, failures);
        } else if (source.getValue().sftp().isPresent()) {
          new SftpStreams(landingContext(), reportSleeper).extract(client.client(),
              source.getKey(), source.getValue(), streams, plan, runs, failures);
        } else {
          extractSource(client.client(), source.getKey(), source.getValue(), streams, plan, runs,
              failures);
        }
      }
    }
    if (!matched && (plan.source().isPresent() || plan.stream().isPresent())) {
      throw new io.dif.core.error.ConfigurationException(io.dif.core.error.ErrorCode.CONFIG_INVALID,
          "Cannot extract client " + client.client() + ": no stream matches source "
              + plan.source().orElse("*") + " and stream " + plan.stream().orElse("*"));
    }
    return new ExtractionResult(runs, failures, Duration.between(started, clock.instant()));
  }

  private void extractSource(String client, String sourceName, SourceConfig source,
      List<String> streams, ExtractionPlan plan, List<StreamRunResult> runs,
      List<StreamFailure> failures) {
    SourceContext context;
    try {
      context = new SourceContext(http.forSource(client, sourceName, source),
          ThrottleRule.of(source.throttle()), baseUrls.of(sourceName, source));
    } catch (RunStoppedException e) {
      throw e;
    } catch (RuntimeException e) {
      streams.forEach(stream -> failures.add(new StreamFailure(sourceName, stream, e,
          Optional.empty())));
      return;
    }
    Map<String, List<Map<String, String>>> parentRecords = new HashMap<>();
    Map<String, RuntimeException> failedStreams = new HashMap<>();
    for (String streamName : streams) {
      StreamConfig stream = source.streams().get(streamName);
      String qualified = client + "." + sourceName + "." + streamName;
      Optional<String> failedParent = stream.forEach().map(ForEachConfig::stream)
          .filter(failedStreams::containsKey);
      if (failedParent.isPresent()) {
        // its partitions are unknown: skipped, for the same reason as its parent
        RuntimeException cause = failedStreams.get(failedParent.get());
        failedStreams.put(streamName, cause);
        failures.add(new StreamFailure(sourceName, streamName, cause, failedParent));
        continue;
      }
      try {
        parentRecords.put(streamName, extractStream(client, sourceName, source, streamName,
            context, parentRecords, plan, runs));
      } catch (RunStoppedException e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.warn("Stream {} failed; the other streams go on: {}", qualified, e.getMessage());
        failedStreams.put(streamName, e);
        failures.add(new StreamFailure(sourceName, streamName, e, Optional.empty()));
      }
    }
  }

  /** What the streams of one source share. */
  private record SourceContext(OkHttpClient http, ThrottleRule throttle, String baseUrl) {}

  /** Lands every window of one stream; returns the parent fields its records bound. */
  private List<Map<String, String>> extractStream(String client, String sourceName,
      SourceConfig source, String streamName, SourceContext context,
      Map<String, List<Map<String, String>>> parentRecords, ExtractionPlan plan,
      List<StreamRunResult> results) {
    OkHttpClient httpClient = context.http();
    ThrottleRule throttle = context.throttle();
    String baseUrl = context.baseUrl();
    StreamConfig stream = source.streams().get(streamName);
    String qualified = client + "." + sourceName + "." + streamName;
    List<Map<String, String>> partitions = partitions(stream, parentRecords, qualified);
    Set<String> childPointers = childBindPointers(source, streamName);
    ReportJob report = stream.report().map(config -> new ReportJob(qualified, config,
        new RequestTemplate(qualified, baseUrl, stream.request().orElseThrow()),
        new RequestTemplate(qualified, baseUrl, config.poll()), httpClient,
        http.forDownloads(client, sourceName, source, config.downloadAuth()), throttle,
        new PageRetries(source.retry(), reportSleeper), clock, reportSleeper)).orElse(null);
    StreamRunner runner = new StreamRunner(qualified, stream, new RequestTemplate(qualified,
        baseUrl, stream.request().orElseThrow()), httpClient, throttle, report, childPointers,
        clock, concurrency(source, stream), stop).withPageRetries(new PageRetries(source.retry(),
        reportSleeper));
    Optional<RateLimitConfig> limit = source.rateLimit();
    runner.withChainSlots(new Semaphore(limit.map(RateLimitConfig::concurrency)
        .orElse(concurrency(source, stream)), true));
    try (RunLocks.RunLock lock = locks.acquire(RunLocks.streamLock(client, sourceName,
        streamName))) {
      CheckpointKey markKey = HighWaterMarks.key(client, sourceName, streamName);
      Optional<LocalDate> mark = marks.mark(markKey);
      List<Window> windows = windows(qualified, markKey, stream, plan);
      // an incremental run need not land again a window after the mark that an earlier run
      // committed (it stopped at a failed window before it); a parent's records are needed anew
      boolean keepCommittedAhead = stream.window().isPresent() && plan.from().isEmpty()
          && plan.to().isEmpty() && childPointers.isEmpty();
      StreamLanding landing = new StreamLanding(new RunJournal.RunKey(client, sourceName,
          streamName, plan.today()), qualified, stream, runner, partitions, lock, markKey,
          keepCommittedAhead ? Optional.of(mark) : Optional.empty(), plan, results);
      int parallel = limit.map(RateLimitConfig::concurrency).orElse(1);
      try {
        StreamWindows.land(qualified, windows, parallel, landing::land, landing::landed);
      } finally {
        landing.logSummary(limit, stream.window().isPresent()
            ? Math.min(parallel, windows.size()) : 0);
      }
      return landing.collected;
    }
  }

  /** What a window of one stream landed (empty when a run committed before is kept). */
  private record WindowRun(Optional<StreamRunner.Outcome> outcome, String keptRunId,
      double seconds) {}

  /**
   * The windows of one stream being landed: {@link #land} runs on the window threads,
   * {@link #landed} on the extraction's thread in window order.
   */
  private final class StreamLanding {
    private final RunJournal.RunKey streamKey;
    private final String qualified;
    private final StreamConfig stream;
    private final StreamRunner runner;
    private final List<Map<String, String>> partitions;
    private final List<String> partitionNames;
    private final RunLocks.RunLock lock;
    private final CheckpointKey markKey;
    /** The mark at the start, when windows after it committed before are kept. */
    private final Optional<Optional<LocalDate>> keepAfter;
    private final ExtractionPlan plan;
    private final List<StreamRunResult> results;
    private final List<Map<String, String>> collected = new ArrayList<>();
    private final long started = System.nanoTime();
    private int runs;
    private int kept;
    private long pages;
    private long records;
    private long bytes;

    StreamLanding(RunJournal.RunKey streamKey, String qualified, StreamConfig stream,
        StreamRunner runner, List<Map<String, String>> partitions, RunLocks.RunLock lock,
        CheckpointKey markKey, Optional<Optional<LocalDate>> keepAfter, ExtractionPlan plan,
        List<StreamRunResult> results) {
      this.streamKey = streamKey;
      this.qualified = qualified;
      this.stream = stream;
      this.runner = runner;
      this.partitions = partitions;
      this.partitionNames = partitions.stream().map(RunProgress::partitionName).toList();
      this.lock = lock;
      this.markKey = markKey;
      this.keepAfter = keepAfter;
      this.plan = plan;
      this.results = results;
    }

    WindowRun land(Window window) {
      LocalDate dt = window == null ? plan.today() : window.start();
      long windowStarted = System.nanoTime();
      stop.check("extracting " + qualified + " before dt=" + dt);
      RunJournal.RunKey key = new RunJournal.RunKey(streamKey.client(), streamKey.source(),
          streamKey.stream(), dt);
      Optional<String> committed = committedAhead(key, window);
      if (committed.isPresent()) {
        return new WindowRun(Optional.empty(), committed.get(), 0);
      }
      counters.streamStarted(qualified, dt);
      RunProgress progress = RunProgress.open(raw, journal, lock, key, partitionNames, clock)
          .countingIn(counters);
      StreamRunner.Outcome outcome = runner.run(progress, key.client(), key.source(),
          key.stream(), dt, window, partitions);
      counters.runCommitted();
      return new WindowRun(Optional.of(outcome), null,
          Math.max(1e-3, (System.nanoTime() - windowStarted) / 1e9));
    }

    /**
     * The run an earlier extraction committed for this window after the mark, if its manifest
     * covers the whole window; else empty (the window is landed).
     */
    private Optional<String> committedAhead(RunJournal.RunKey key, Window window) {
      if (window == null || keepAfter.isEmpty() || keepAfter.get()
          .map(mark -> !window.start().isAfter(mark)).orElse(false)) {
        return Optional.empty();
      }
      Optional<String> runId = journal.committedRun(key);
      if (runId.isEmpty()) {
        return Optional.empty();
      }
      try (java.io.InputStream in = raw.openRun(key.client(), key.source(), key.stream(),
          key.dt(), runId.get()).open(io.dif.core.zone.ZoneLayout.MANIFEST)) {
        RawManifest manifest = RawManifest.fromJson(in);
        boolean covers = window.start().equals(manifest.windowStart())
            && manifest.windowEnd() != null && !manifest.windowEnd().isBefore(window.end());
        return covers ? runId : Optional.empty();
      } catch (java.io.IOException | RuntimeException e) {
        LOG.info("Landing {} again: cannot read the manifest of its committed run {}: {}", key,
            runId.get(), e.toString());
        return Optional.empty();
      }
    }

    void landed(Window window, WindowRun landed, boolean prefixCommitted) {
      LocalDate dt = window == null ? plan.today() : window.start();
      if (landed.outcome().isEmpty()) {
        kept++;
        LOG.info("Kept {} dt={}: run {} committed by an earlier extraction after the high-water"
            + " mark; not landed again", qualified, dt, landed.keptRunId());
        if (prefixCommitted) {
          advanceMark(markKey, stream.window().orElseThrow(), window, plan.today(),
              landed.keptRunId(), lock.fencingToken());
        }
        return;
      }
      StreamRunner.Outcome outcome = landed.outcome().get();
      StreamRunResult result = outcome.result();
      collected.addAll(outcome.boundRecords());
      results.add(result);
      runs++;
      pages += result.pages();
      records += result.records();
      bytes += result.bytes();
      if (window != null && prefixCommitted) {
        advanceMark(markKey, stream.window().orElseThrow(), window, plan.today(),
            result.runId(), lock.fencingToken());
      }
      double seconds = landed.seconds();
      LOG.info(String.format(Locale.ROOT, "Landed %s dt=%s: %d pages, %d rows,"
              + " %.1f KiB in %.1f s (%.1f pages/s, %.1f KiB/s)", qualified, dt,
          result.pages(), result.records(), result.bytes() / 1024.0, seconds,
          result.pages() / seconds, result.bytes() / 1024.0 / seconds));
    }

    /**
     * The stream's line: runs, pages and the achieved page rate, with its share of the source's
     * rate limit (its utilization) where one is configured.
     */
    void logSummary(Optional<RateLimitConfig> limit, int windowsAtOnce) {
      if (runs == 0 && kept == 0) {
        return;
      }
      double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
      double rate = pages / seconds;
      String utilization = limit.map(l -> String.format(Locale.ROOT, " = %.2f of the %d/s limit",
          rate / l.perSecond(), l.perSecond())).orElse("");
      String windows = windowsAtOnce == 0 ? "" : windowsAtOnce == 1 ? ", one window at a time"
          : ", " + windowsAtOnce + " windows at a time";
      LOG.info(String.format(Locale.ROOT, "Extracted %s: %d runs%s, %d pages, %d rows,"
              + " %.1f KiB in %.1f s%s: %.1f pages/s%s", qualified, runs,
          kept == 0 ? "" : " (" + kept + " kept from before)", pages, records, bytes / 1024.0,
          seconds, windows, rate, utilization));
    }
  }

  private static int concurrency(SourceConfig source, StreamConfig stream) {
    int wanted = stream.forEach().map(ForEachConfig::concurrency).orElse(1);
    int allowed = source.rateLimit().map(r -> r.concurrency()).orElse(wanted);
    return Math.max(1, Math.min(wanted, allowed));
  }

  private List<Window> windows(String qualified, CheckpointKey markKey, StreamConfig stream,
      ExtractionPlan plan) {
    Optional<WindowConfig> window = stream.window();
    if (window.isEmpty()) {
      List<Window> single = new ArrayList<>();
      single.add(null);
      return single;
    }
    Optional<LocalDate> mark = marks.mark(markKey);
    IncrementalWindows.DateRange range = IncrementalWindows.range(window.get(), mark,
        plan.from(), plan.to(), plan.today());
    if (range.isEmpty()) {
      LOG.info("Stream {} is up to date: high-water mark {}, nothing before today to extract",
          qualified, mark.map(LocalDate::toString).orElse("none"));
      return List.of();
    }
    LOG.info("Extracting {} for {} ({}; high-water mark {})", qualified, range,
        plan.from().isPresent() || plan.to().isPresent() ? "backfill" : "incremental",
        mark.map(LocalDate::toString).orElse("none"));
    return DateWindows.split(range.first(), range.last(), window.get().step());
  }

  private void advanceMark(CheckpointKey markKey, WindowConfig config, Window window,
      LocalDate today, String runId, long fencingToken) {
    Optional<LocalDate> mark = marks.mark(markKey);
    Optional<LocalDate> advanced = IncrementalWindows.advance(config, mark, window.start(),
        window.end(), today);
    if (advanced.isPresent() && !advanced.equals(mark)) {
      marks.save(markKey, advanced.get(), runId, fencingToken);
    }
  }

  /** One variable map per parent record, or one empty map for a stream without parent. */
  private static List<Map<String, String>> partitions(StreamConfig stream,
      Map<String, List<Map<String, String>>> parentRecords, String qualified) {
    if (stream.forEach().isEmpty()) {
      return List.of(Map.of());
    }
    ForEachConfig forEach = stream.forEach().get();
    List<Map<String, String>> parents = parentRecords.getOrDefault(forEach.stream(), List.of());
    Set<Map<String, String>> partitions = new LinkedHashSet<>();
    for (int i = 0; i < parents.size(); i++) {
      Map<String, String> variables = new LinkedHashMap<>();
      for (Map.Entry<String, String> bind : forEach.bind().entrySet()) {
        String value = parents.get(i).get(bind.getValue());
        if (value == null) {
          throw new io.dif.core.error.DataException(io.dif.core.error.ErrorCode.DATA_INVALID,
              "Cannot bind {" + bind.getKey() + "} of stream " + qualified + ": record " + i
                  + " of parent stream " + forEach.stream() + " has no value at "
                  + bind.getValue());
        }
        variables.put(bind.getKey(), value);
      }
      partitions.add(Map.copyOf(variables));
    }
    return List.copyOf(partitions);
  }

  private static Set<String> childBindPointers(SourceConfig source, String parent) {
    Set<String> pointers = new LinkedHashSet<>();
    source.streams().values().forEach(stream -> stream.forEach()
        .filter(forEach -> forEach.stream().equals(parent))
        .ifPresent(forEach -> pointers.addAll(forEach.bind().values())));
    return pointers;
  }

  /** The streams to run, parents first; with a stream filter, that stream and its ancestors. */
  static List<String> streamsInOrder(SourceConfig source, Optional<String> only) {
    Set<String> ordered = new LinkedHashSet<>();
    for (String name : source.streams().keySet()) {
      if (only.isEmpty() || only.get().equals(name)) {
        addWithParents(source, name, ordered);
      }
    }
    return List.copyOf(ordered);
  }

  private static void addWithParents(SourceConfig source, String name, Set<String> ordered) {
    StreamConfig stream = source.streams().get(name);
    stream.forEach().ifPresent(forEach -> addWithParents(source, forEach.stream(), ordered));
    ordered.add(name);
  }
}
