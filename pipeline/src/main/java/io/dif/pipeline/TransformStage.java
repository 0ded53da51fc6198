package io.dif.pipeline;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.DatasetConfig;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.run.RunStoppedException;
import io.dif.core.run.StopSignal;
import io.dif.core.state.DocumentState;
import io.dif.core.zone.RunIds;
import io.dif.extract.IncrementalWindows;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.lock.RunLocks.RunLock;
import io.dif.transform.DatasetTransform;
import io.dif.transform.TransformResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * The transform stage of a {@link Pipeline}: Spark, so a class of its own that runtimes without
 * Spark (the extractor container) never load. The session comes from the entry point (local
 * Spark for the CLI, Glue's or {@code spark-submit}'s for the jobs) and is asked for only when
 * there is work.
 */
public final class TransformStage {
  private final Pipeline pipeline;
  private final ClientConfig client;
  private final Supplier<SparkSession> session;

  public TransformStage(Pipeline pipeline, Supplier<SparkSession> session) {
    this.pipeline = pipeline;
    this.client = pipeline.client();
    this.session = session;
  }

  /**
   * Transforms the dates whose documents are not processed yet or failed before (within
   * from/to when given), or with {@code reprocess} every committed date of the range again. A
   * stop request cancels the Spark jobs under way; nothing is published then and the documents
   * stay where they were, for the next run.
   */
  public List<TransformResult> run(Optional<String> dataset, Optional<LocalDate> from,
      Optional<LocalDate> to, boolean reprocess) {
    IncrementalWindows.checkRange(from, to);
    List<String> names = pipeline.datasets(dataset);
    if (!reprocess && names.stream().allMatch(name -> pipeline.pendingDates(client.datasets().get(name),
        from, to).isEmpty())) {
      return List.of(); // nothing new: no lock to take, no need to start Spark
    }
    RunLock lock;
    try {
      lock = pipeline.stageLocks().acquire(RunLocks.clientTransformLock(client.client()));
    } catch (DifException e) {
      if (e.code() != ErrorCode.RUN_LOCKED) {
        throw e;
      }
      // another run is transforming this client: it transforms what is pending, this run goes
      // on to load what is curated
      pipeline.failures().add("transform of client " + client.client(), e);
      return List.of();
    }
    try (lock) {
      // what is pending is read under the lock: another run may have transformed it meanwhile
      Map<String, Set<LocalDate>> work = new LinkedHashMap<>();
      for (String name : names) {
        Set<LocalDate> dates = reprocess ? Set.of()
            : pipeline.pendingDates(client.datasets().get(name), from, to);
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
    SparkSession spark = session.get();
    Deployment deployment = pipeline.deployment();
    deployment.hadoopSettings().forEach((key, value) -> spark.sparkContext().hadoopConfiguration()
        .set(key, value));
    DatasetTransform transform = new DatasetTransform(spark,
        deployment.profile().sparkZones(), deployment.profile().tableCatalog(),
        deployment.control().credentials());
    String runId = RunIds.next(pipeline.deployment().clock().instant());
    SparkProgress progress = new SparkProgress(spark);
    try (StageDisplay.Shown line = pipeline.display().show("transform", progress);
        StopSignal.Registration cancel = pipeline.stop().onStop(() -> spark.sparkContext()
            .cancelAllJobs())) {
      work.forEach((name, dates) -> {
        progress.dataset(name);
        try {
          results.add(transformDataset(transform, name, runId, reprocess ? null : dates, from,
              to));
        } catch (RunStoppedException e) {
          throw e;
        } catch (RuntimeException e) {
          pipeline.failures().add("transform of dataset " + client.client() + "." + name, e);
        }
      });
    }
    return results;
  }

  /** @param dates the dates to transform, or null to reprocess every date of from..to */
  private TransformResult transformDataset(DatasetTransform transform, String name,
      String runId, Set<LocalDate> dates, Optional<LocalDate> from, Optional<LocalDate> to) {
    pipeline.stop().check("before transforming dataset " + client.client() + "." + name);
    DatasetConfig config = client.datasets().get(name);
    TransformResult result;
    try {
      result = dates == null ? transform.transform(client, name, from, to)
          : transform.transformDates(client, name, dates);
    } catch (RuntimeException e) {
      pipeline.stop().check("transforming dataset " + client.client() + "." + name
          + " (nothing of it published)");
      pipeline.documents().failed(client.client(), config, runId, "transform",
          Set.of(DocumentState.LANDED), e.getMessage());
      throw e;
    }
    pipeline.documents().transformed(client.client(), result, runId);
    return result;
  }

}
