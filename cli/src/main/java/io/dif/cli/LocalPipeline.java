package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.DatasetConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.state.DocumentState;
import io.dif.core.zone.RunIds;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.ExtractionPlan;
import io.dif.extract.ExtractionResult;
import io.dif.extract.Extractor;
import io.dif.extract.journal.CheckpointRunJournal;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.raw.LocalRawStore;
import io.dif.load.DuckDbLoader;
import io.dif.load.LoadBatch;
import io.dif.load.LoadResult;
import io.dif.transform.DatasetTransform;
import io.dif.transform.TransformResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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

  LocalPipeline(Workspace workspace, ControlPlane control, Warehouses warehouses,
      ClientConfig client, Clock clock) {
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
    try (SandboxSources sandboxes = new SandboxSources(client, control.credentials());
        SharedLimits.Session shared = limits.open(workspace.dataDir,
            control.fencingTokens())) {
      Extractor extractor = new Extractor(new LocalRawStore(workspace.zones()),
          new SourceHttpClients(control.credentials(), clock, shared.limiters()), sandboxes,
          clock, new CheckpointRunJournal(control.checkpoints(), control.states()),
          shared.locks());
      return extractor.extract(client, plan);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot release the Redis connection", e);
    }
  }

  /**
   * Transforms the dates whose documents are not processed yet (within from/to when given), or
   * with {@code reprocess} every committed date of the range again.
   */
  List<TransformResult> transform(Optional<String> dataset, Optional<LocalDate> from,
      Optional<LocalDate> to, boolean reprocess) {
    List<TransformResult> results = new ArrayList<>();
    DatasetTransform transform = new DatasetTransform(LocalSpark.session(), workspace.zones(),
        control.credentials());
    String runId = RunIds.next(clock.instant());
    for (String name : datasets(dataset)) {
      DatasetConfig config = client.datasets().get(name);
      TransformResult result;
      try {
        result = reprocess ? transform.transform(client, name, from, to)
            : transform.transformDates(client, name, pendingDates(config, from, to));
      } catch (RuntimeException e) {
        documents.failed(client.client(), config, runId, "transform",
            Set.of(DocumentState.LANDED), e.getMessage());
        throw e;
      }
      documents.transformed(client.client(), result, runId);
      results.add(result);
    }
    return results;
  }

  private Set<LocalDate> pendingDates(DatasetConfig config, Optional<LocalDate> from,
      Optional<LocalDate> to) {
    return documents.pendingDates(client.client(), config).stream()
        .filter(dt -> from.map(first -> !dt.isBefore(first)).orElse(true)
            && to.map(last -> !dt.isAfter(last)).orElse(true))
        .collect(Collectors.toSet());
  }

  /** Loads the given dates of each dataset, or every curated date when none are given. */
  List<LoadResult> load(Optional<String> dataset, Map<String, List<LocalDate>> datesByDataset) {
    ZoneLayout zones = workspace.zones();
    String runId = RunIds.next(clock.instant());
    List<LoadResult> results = new ArrayList<>();
    try (Warehouses.Session session = warehouses.new Session(workspace)) {
      for (String name : datasets(dataset)) {
        DatasetConfig config = client.datasets().get(name);
        String curated = zones.curated(client.client(), name);
        List<LocalDate> dates = datesByDataset.containsKey(name) ? datesByDataset.get(name)
            : DuckDbLoader.curatedDates(Path.of(curated));
        LoadResult result;
        try {
          result = session.loader(config.destination().warehouse())
              .load(new LoadBatch(client.client(), name, config, curated, dates));
        } catch (RuntimeException e) {
          documents.failed(client.client(), config, runId, "load",
              Set.of(DocumentState.CURATED), e.getMessage());
          throw e;
        }
        documents.loaded(client.client(), config, dates, runId);
        results.add(result);
      }
    }
    return results;
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
