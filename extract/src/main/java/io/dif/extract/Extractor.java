package io.dif.extract;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ForEachConfig;
import io.dif.core.config.SourceConfig;
import io.dif.core.config.StreamConfig;
import io.dif.core.config.WindowConfig;
import io.dif.core.run.RunStoppedException;
import io.dif.core.run.StopSignal;
import io.dif.core.state.CheckpointKey;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts the streams of a client into the raw zone. Parents run before the streams that
 * depend on them; each (stream, data date) becomes one run committed by its manifest.
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
    List<Map<String, String>> collected = new ArrayList<>();
    List<String> partitionNames = partitions.stream().map(RunProgress::partitionName).toList();
    try (RunLocks.RunLock lock = locks.acquire(RunLocks.streamLock(client, sourceName,
        streamName))) {
      CheckpointKey markKey = HighWaterMarks.key(client, sourceName, streamName);
      for (Window window : windows(qualified, markKey, stream, plan)) {
        LocalDate dt = window == null ? plan.today() : window.start();
        long started = System.nanoTime();
        stop.check("extracting " + qualified + " before dt=" + dt);
        counters.streamStarted(qualified, dt);
        RunProgress progress = RunProgress.open(raw, journal, lock,
            new RunJournal.RunKey(client, sourceName, streamName, dt), partitionNames, clock)
            .countingIn(counters);
        StreamRunner.Outcome outcome = runner.run(progress, client, sourceName, streamName,
            dt, window, partitions);
        collected.addAll(outcome.boundRecords());
        results.add(outcome.result());
        counters.runCommitted();
        if (window != null) {
          advanceMark(markKey, stream.window().orElseThrow(), window, plan.today(),
              outcome.result().runId(), lock.fencingToken());
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        StreamRunResult landed = outcome.result();
        LOG.info(String.format(java.util.Locale.ROOT, "Landed %s dt=%s: %d pages, %d rows,"
                + " %.1f KiB in %.1f s (%.1f pages/s, %.1f KiB/s)", qualified, dt,
            landed.pages(), landed.records(), landed.bytes() / 1024.0, seconds,
            landed.pages() / seconds, landed.bytes() / 1024.0 / seconds));
      }
    }
    return collected;
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
