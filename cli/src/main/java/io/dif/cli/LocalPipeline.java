package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.DatasetConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.DifException;
import io.dif.core.run.RunStoppedException;
import io.dif.core.run.StopSignal;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.zone.RunIds;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.ExtractionPlan;
import io.dif.extract.ExtractionResult;
import io.dif.extract.ExtractionProgress;
import io.dif.extract.Extractor;
import io.dif.extract.HighWaterMarks;
import io.dif.extract.IncrementalWindows;
import io.dif.extract.StreamRunResult;
import io.dif.extract.journal.CheckpointRunJournal;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.lock.RunLocks.RunLock;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.raw.LocalRawStore;
import io.dif.core.zone.TableCatalog;
import io.dif.load.CuratedSnapshot;
import io.dif.load.CuratedTables;
import io.dif.load.LoadBatch;
import io.dif.load.LoadResult;
import io.dif.transform.DatasetTransform;
import io.dif.transform.TransformResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * The three stages on embedded defaults: local raw zone, local Spark, DuckDB warehouse, with
 * every document's state recorded in the control store.
 */
final class LocalPipeline {
  private final Workspace workspace;
  private final ControlPlane control;
  private final Warehouses warehouses;
  private final ClientConfig client;
  private final Clock clock;
  private final DocumentTracker documents;
  private final StopSignal stop;
  /** How long the transform and the load wait at least for another run of the client. */
  static final Duration STAGE_LOCK_WAIT = Duration.ofMinutes(10);
  private Duration lockWait = Duration.ZERO;
  private final RunFailures failures = new RunFailures();

  LocalPipeline(Workspace workspace, ControlPlane control, Warehouses warehouses,
      ClientConfig client, Clock clock) {
    this(workspace, control, warehouses, client, clock, StopSignal.never());
  }

  LocalPipeline(Workspace workspace, ControlPlane control, Warehouses warehouses,
      ClientConfig client, Clock clock, StopSignal stop) {
    this.stop = stop;
    this.workspace = workspace;
    this.warehouses = warehouses;
    this.control = control;
    this.client = client;
    this.clock = clock;
    this.documents = new DocumentTracker(control.states());
  }

  /**
   * Lands raw pages; the journal records each page LANDED and checkpoints it, so a run killed
   * at any page resumes from there on the next extract.
   */
  ExtractionResult extract(ExtractionPlan plan, SharedLimits limits) {
    ExtractionProgress progress = new ExtractionProgress();
    try (SandboxSources sandboxes = new SandboxSources(client, control.credentials());
        SharedLimits.Session shared = limits.open(workspace.dataDir,
            control.fencingTokens());
        ProgressLine line = ProgressLine.start("extract", progress)) {
      CheckpointRunJournal journal = new CheckpointRunJournal(control.checkpoints(),
          control.states());
      Extractor extractor = new Extractor(new LocalRawStore(workspace.zones()),
          new SourceHttpClients(control.credentials(), clock, shared.limiters()), sandboxes,
          clock, journal, shared.locks());
      ExtractionResult result = extractor.withHighWaterMarks(HighWaterMarks.inCheckpoints(
          control.checkpoints())).withSourceState(control.checkpoints())
          .withStopSignal(stop).withProgress(progress)
          .extract(client, plan);
      abandonEarlierSnapshotAttempts(journal, result);
      result.failures().forEach(failure -> failures.add("stream " + client.client() + "."
          + failure.source() + "." + failure.stream() + failure.skippedForParent()
          .map(parent -> " (skipped: its parent stream " + parent + " failed)").orElse(""),
          failure.error()));
      return result;
    }
  }


  /** Attempts of snapshot streams begun on earlier days, never committed, end SUPERSEDED. */
  private void abandonEarlierSnapshotAttempts(CheckpointRunJournal journal,
      ExtractionResult result) {
    for (StreamRunResult run : result.runs()) {
      boolean snapshot = Optional.ofNullable(client.sources().get(run.source()))
          .map(source -> source.streams().get(run.stream()))
          .map(stream -> stream.window().isEmpty()).orElse(false);
      if (snapshot) {
        journal.abandonOpenRunsBefore(client.client(), run.source(), run.stream(), run.dt(),
            run.runId());
      }
    }
  }

  /**
   * Transforms the dates whose documents are not processed yet or failed before (within
   * from/to when given), or with {@code reprocess} every committed date of the range again. A
   * stop request cancels the Spark jobs under way; nothing is published then and the documents
   * stay where they were, for the next run.
   */
  List<TransformResult> transform(Optional<String> dataset, Optional<LocalDate> from,
      Optional<LocalDate> to, boolean reprocess) {
    IncrementalWindows.checkRange(from, to);
    List<String> names = datasets(dataset);
    if (!reprocess && names.stream().allMatch(name -> pendingDates(client.datasets().get(name),
        from, to).isEmpty())) {
      return List.of(); // nothing new: no lock to take, no need to start Spark
    }
    RunLock lock;
    try {
      lock = stageLocks().acquire(RunLocks.clientTransformLock(client.client()));
    } catch (DifException e) {
      if (e.code() != ErrorCode.RUN_LOCKED) {
        throw e;
      }
      // another run is transforming this client: it transforms what is pending, this run goes
      // on to load what is curated
      failures.add("transform of client " + client.client(), e);
      return List.of();
    }
    try (lock) {
      // what is pending is read under the lock: another run may have transformed it meanwhile
      Map<String, Set<LocalDate>> work = new LinkedHashMap<>();
      for (String name : names) {
        Set<LocalDate> dates = reprocess ? Set.of()
            : pendingDates(client.datasets().get(name), from, to);
        if (reprocess || !dates.isEmpty()) {
          work.put(name, dates);
        }
      }
      return work.isEmpty() ? List.of() : transform(work, from, to, reprocess);
    }
  }

  private List<TransformResult> transform(Map<String, Set<LocalDate>> work,
      Optional<LocalDate> from, Optional<LocalDate> to, boolean reprocess) {
    List<TransformResult> results = new ArrayList<>();
    SparkSession spark = LocalSpark.session();
    DatasetTransform transform = new DatasetTransform(spark, workspace.zones(),
        control.credentials());
    String runId = RunIds.next(clock.instant());
    SparkProgress progress = new SparkProgress(spark);
    try (ProgressLine line = ProgressLine.start("transform", progress);
        StopSignal.Registration cancel = stop.onStop(() -> spark.sparkContext()
            .cancelAllJobs())) {
      work.forEach((name, dates) -> {
        progress.dataset(name);
        try {
          results.add(transformDataset(transform, name, runId, reprocess ? null : dates, from,
              to));
        } catch (RunStoppedException e) {
          throw e;
        } catch (RuntimeException e) {
          failures.add("transform of dataset " + client.client() + "." + name, e);
        }
      });
    }
    return results;
  }

  /** @param dates the dates to transform, or null to reprocess every date of from..to */
  private TransformResult transformDataset(DatasetTransform transform, String name,
      String runId, Set<LocalDate> dates, Optional<LocalDate> from, Optional<LocalDate> to) {
    stop.check("before transforming dataset " + client.client() + "." + name);
    DatasetConfig config = client.datasets().get(name);
    TransformResult result;
    try {
      result = dates == null ? transform.transform(client, name, from, to)
          : transform.transformDates(client, name, dates);
    } catch (RuntimeException e) {
      stop.check("transforming dataset " + client.client() + "." + name
          + " (nothing of it published)");
      documents.failed(client.client(), config, runId, "transform",
          Set.of(DocumentState.LANDED), e.getMessage());
      throw e;
    }
    documents.transformed(client.client(), result, runId);
    return result;
  }

  private Set<LocalDate> pendingDates(DatasetConfig config, Optional<LocalDate> from,
      Optional<LocalDate> to) {
    return documents.pendingDates(client.client(), config).stream()
        .filter(dt -> from.map(first -> !dt.isBefore(first)).orElse(true)
            && to.map(last -> !dt.isAfter(last)).orElse(true))
        .collect(Collectors.toSet());
  }

  /**
   * Loads each dataset's dates whose documents are curated and not loaded yet (also those a
   * killed run transformed but never loaded), or, with {@code everyCuratedDate}, every date of
   * the curated zone. A date with curated documents but no curated rows has nothing to load:
   * its documents become LOADED with no rows.
   */
  List<LoadResult> load(Optional<String> dataset, boolean everyCuratedDate) {
    ZoneLayout zones = workspace.zones();
    String runId = RunIds.next(clock.instant());
    List<LoadResult> results = new ArrayList<>();
    // the client's transform lock too: a load never reads a date the transform is replacing
    try (RunLock clientLock = stageLocks().acquire(RunLocks.clientTransformLock(
        client.client())); Warehouses.Session session = warehouses.new Session(workspace);
        CuratedTables tables = new CuratedTables(TableCatalog.of(zones))) {
      for (String name : datasets(dataset)) {
        stop.check("before loading dataset " + client.client() + "." + name);
        DatasetConfig config = client.datasets().get(name);
        String curated = zones.curated(client.client(), name);
        // the dates and files of the curated table's current snapshot
        Optional<CuratedSnapshot> snapshot = tables.current(client.client(), name);
        List<LocalDate> onDisk = snapshot.map(CuratedSnapshot::dates).orElse(List.of());
        SortedSet<LocalDate> waiting = documents.curatedDates(client.client(), config);
        List<LocalDate> dates = everyCuratedDate ? onDisk
            : onDisk.stream().filter(waiting::contains).toList();
        if (dates.isEmpty()) {
          documents.loaded(client.client(), config, List.copyOf(waiting), runId);
          continue;
        }
        LoadResult result;
        try (RunLock lock = stageLocks().acquire(warehouses.loadLock(
            config.destination().warehouse(), workspace))) {
          result = session.loader(config.destination().warehouse())
              .load(new LoadBatch(client.client(), name, config, curated, snapshot.get(),
                  dates));
          tables.recordLoaded(client.client(), name, config.destination().warehouse().name()
              .toLowerCase(java.util.Locale.ROOT),
              snapshot.get().snapshotId());
        } catch (RunStoppedException e) {
          throw e;
        } catch (RuntimeException e) {
          if (!(e instanceof DifException dif && dif.code() == ErrorCode.RUN_LOCKED)) {
            documents.failed(client.client(), config, runId, "load",
                Set.of(DocumentState.CURATED), e.getMessage());
          }
          failures.add("load of dataset " + client.client() + "." + name, e);
          continue;
        }
        documents.loaded(client.client(), config, List.copyOf(waiting), runId);
        results.add(result);
      }
    }
    return results;
  }

  ClientConfig client() {
    return client;
  }

  /** Whether a page of the run reached the warehouse (LOADED) or was replaced (SUPERSEDED). */
  boolean delivered(StreamRunResult run) {
    return control.states().find(DocumentQuery.client(client.client()).date(run.dt())
        .source(run.source())).stream()
        .anyMatch(document -> document.id().stream().equals(run.stream())
            && document.id().runId().equals(run.runId())
            && (document.state() == DocumentState.LOADED
            || document.state() == DocumentState.SUPERSEDED));
  }

  /** What failed while the rest went on; the command throws them at its end. */
  RunFailures failures() {
    return failures;
  }

  /** How long the transform and the load wait for another run holding their lock. */
  LocalPipeline waitingForLocks(Duration wait) {
    this.lockWait = wait;
    return this;
  }

  /**
   * The transform and load locks: for every process on this machine, in the data folder. They
   * wait for another run at least {@link #STAGE_LOCK_WAIT}: a run that reached these stages has
   * extracted already, and giving up would leave what it landed for a later run.
   */
  private RunLocks stageLocks() {
    Duration wait = lockWait.compareTo(STAGE_LOCK_WAIT) > 0 ? lockWait : STAGE_LOCK_WAIT;
    return RunLocks.onThisMachine(workspace.dataDir.toAbsolutePath().normalize()
        .resolve("locks"), control.fencingTokens(), wait);
  }

  private List<String> datasets(Optional<String> only) {
    if (only.isPresent() && !client.datasets().containsKey(only.get())) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot find dataset "
          + only.get() + " of client " + client.client() + "; datasets are "
          + client.datasets().keySet());
    }
    return only.map(List::of).orElseGet(() -> List.copyOf(client.datasets().keySet()));
  }
}
