package io.dif.pipeline;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.DatasetConfig;
import io.dif.core.config.Warehouse;
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
import io.dif.extract.StreamRunResult;
import io.dif.extract.journal.CheckpointRunJournal;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.lock.RunLocks.RunLock;
import io.dif.extract.http.SourceHttpClients;
import io.dif.load.CuratedSnapshot;
import io.dif.load.CuratedTables;
import io.dif.load.LoadBatch;
import io.dif.load.LoadResult;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The stages of one client on one deployment, the same for every entry point (the CLI, the
 * extractor container, the Glue/EMR jobs): extract and load here, the Spark transform in
 * {@link TransformStage}. Every document's state is recorded in the control store; a part that
 * fails is collected in {@link #failures()} while the rest goes on.
 */
public final class Pipeline {
  private final Deployment deployment;
  private final ControlPlane control;
  private final ClientConfig client;
  private final Clock clock;
  private final DocumentTracker documents;
  private final StopSignal stop;
  private final StageDisplay display;
  /** How long the transform and the load wait at least for another run of the client. */
  public static final Duration STAGE_LOCK_WAIT = Duration.ofMinutes(10);
  private Duration lockWait = Duration.ZERO;
  private final RunFailures failures = new RunFailures();

  public Pipeline(Deployment deployment, ClientConfig client, StopSignal stop,
      StageDisplay display) {
    this.deployment = deployment;
    this.control = deployment.control();
    this.client = client;
    this.clock = deployment.clock();
    this.stop = stop;
    this.display = display;
    this.documents = new DocumentTracker(control.states());
  }

  /**
   * Lands raw pages; the journal records each page LANDED and checkpoints it, so a run killed
   * at any page resumes from there on the next extract.
   */
  public ExtractionResult extract(ExtractionPlan plan) {
    ExtractionProgress progress = new ExtractionProgress();
    Deployment.Limits shared = deployment.limits(lockWait);
    try (SandboxSources sandboxes = new SandboxSources(client, control.credentials());
        StageDisplay.Shown line = display.show("extract", progress)) {
      CheckpointRunJournal journal = new CheckpointRunJournal(control.checkpoints(),
          control.states());
      Extractor extractor = new Extractor(deployment.rawStore(),
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

  Set<LocalDate> pendingDates(DatasetConfig config, Optional<LocalDate> from,
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
  public List<LoadResult> load(Optional<String> dataset, boolean everyCuratedDate) {
    ZoneLayout zones = deployment.profile().sparkZones();
    String runId = RunIds.next(clock.instant());
    List<LoadResult> results = new ArrayList<>();
    // the client's transform lock too: a load never reads a date the transform is replacing
    try (RunLock clientLock = stageLocks().acquire(RunLocks.clientTransformLock(
        client.client())); Warehouses session = new Warehouses(deployment);
        CuratedTables tables = deployment.curatedTables()) {
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
        try (RunLock lock = stageLocks().acquire(session.loadLock(
            config.destination().warehouse()))) {
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

  /**
   * Runs a change of the client's data outside a run (an erasure, a retention run) holding what
   * a run holds while it changes that data: the client's transform lock, then the load lock of
   * each warehouse its datasets load into, in one order (a load takes one at a time, after the
   * client's lock, so no two holders wait for each other). It never races a transform or a load
   * of the client, nor another client's load into the same database (a DuckDB file has one
   * writer).
   */
  public <T> T changingData(Function<Warehouses, T> change) {
    Deque<RunLock> held = new ArrayDeque<>();
    try (Warehouses warehouses = new Warehouses(deployment)) {
      held.push(stageLocks().acquire(RunLocks.clientTransformLock(client.client())));
      EnumSet<Warehouse> used = EnumSet.noneOf(Warehouse.class);
      client.datasets().values().forEach(dataset -> used.add(dataset.destination()
          .warehouse()));
      for (Warehouse warehouse : used) {
        held.push(stageLocks().acquire(warehouses.loadLock(warehouse)));
      }
      return change.apply(warehouses);
    } finally {
      while (!held.isEmpty()) {
        held.pop().close();
      }
    }
  }

  public ClientConfig client() {
    return client;
  }

  public Deployment deployment() {
    return deployment;
  }

  DocumentTracker documents() {
    return documents;
  }

  StopSignal stop() {
    return stop;
  }

  StageDisplay display() {
    return display;
  }

  /** Whether a page of the run reached the warehouse (LOADED) or was replaced (SUPERSEDED). */
  public boolean delivered(StreamRunResult run) {
    return control.states().find(DocumentQuery.client(client.client()).date(run.dt())
        .source(run.source())).stream()
        .anyMatch(document -> document.id().stream().equals(run.stream())
            && document.id().runId().equals(run.runId())
            && (document.state() == DocumentState.LOADED
            || document.state() == DocumentState.SUPERSEDED));
  }

  /** What failed while the rest went on; the command throws them at its end. */
  public RunFailures failures() {
    return failures;
  }

  /** How long the transform and the load wait for another run holding their lock. */
  public Pipeline waitingForLocks(Duration wait) {
    this.lockWait = wait;
    return this;
  }

  /**
   * The transform and load locks (Redis, or for every process on this machine). They wait for another run at least {@link #STAGE_LOCK_WAIT}: a run that reached these stages has
   * extracted already, and giving up would leave what it landed for a later run.
   */
  RunLocks stageLocks() {
    return deployment.locks(lockWait.compareTo(STAGE_LOCK_WAIT) > 0 ? lockWait
        : STAGE_LOCK_WAIT);
  }

  List<String> datasets(Optional<String> only) {
    if (only.isPresent() && !client.datasets().containsKey(only.get())) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot find dataset "
          + only.get() + " of client " + client.client() + "; datasets are "
          + client.datasets().keySet());
    }
    return only.map(List::of).orElseGet(() -> List.copyOf(client.datasets().keySet()));
  }
}
