package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.extract.ExtractionPlan;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.extract.ExtractionResult;
import io.dif.extract.StreamRunResult;
import io.dif.load.LoadResult;
import io.dif.transform.TransformResult;
import io.dif.pipeline.Pipeline;
import io.dif.pipeline.TransformStage;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Extract, transform and load one client, in order, on embedded defaults. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline for a client: extract every stream to the raw zone,"
        + " transform every dataset to curated Parquet, load the DuckDB warehouse; then print a"
        + " summary.")
final class RunCommand implements Callable<Integer> {
  @Mixin
  PipelineOptions pipelineOptions;

  @Mixin
  SummaryOptions summaryOptions;

  @Mixin
  KeyOptions keys;

  @Mixin
  WarehouseOptions warehouses;

  @Mixin
  SharedLimits limits;

  @Mixin
  ClientOptions options;

  @Override
  public Integer call() {
    RuntimeArtifact.requireSpark("run");
    Clock clock = Clock.systemUTC();
    Pipeline pipeline = pipelineOptions.open(options.client, clock, keys, warehouses, limits);
    ClientConfig client = pipeline.client();
    RunSummary summary = summaryOptions.summary(System.out);
    summary.header("run", client.client());
    try (StopOnSignals signals = pipelineOptions.stopOnSignals()) {
      return run(pipeline, summary, clock);
    }
  }

  private int run(Pipeline pipeline, RunSummary summary, Clock clock) {
    long started = System.nanoTime();
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    ExtractionResult extracted = pipeline.extract(new ExtractionPlan(Optional.empty(),
        Optional.empty(), options.from(), options.to(), today));
    summary.extract(extracted);

    long transformStarted = System.nanoTime();
    List<TransformResult> transformed = new TransformStage(pipeline, LocalSpark::session)
        .run(Optional.empty(), Optional.empty(), Optional.empty(), false);
    Duration transformTime = Duration.ofNanos(System.nanoTime() - transformStarted);
    summary.transform(transformed, transformTime);

    long loadStarted = System.nanoTime();
    List<LoadResult> loaded = pipeline.load(Optional.empty(), false);
    summary.load(loaded, Duration.ofNanos(System.nanoTime() - loadStarted));

    summary.footer(Duration.ofNanos(System.nanoTime() - started), loaded,
        pipelineOptions.workspace);
    requireDelivered(pipeline, extracted);
    summary.finish(pipeline.failures());
    pipeline.failures().throwIfAny();
    return 0;
  }

  /**
   * A dataset whose stream landed rows in this run while none of those pages reached the
   * warehouse is a failure, not a success: something between the raw zone and the warehouse
   * lost them (every row quarantined, a stage that found nothing to do). A page counts as
   * delivered once LOADED (by this run or by another run that got there first) or SUPERSEDED.
   * Datasets that failed already are not counted twice.
   */
  private void requireDelivered(Pipeline pipeline, ExtractionResult extracted) {
    ClientConfig client = pipeline.client();
    client.datasets().forEach((name, dataset) -> {
      List<StreamRunResult> runs = extracted.runs().stream()
          .filter(run -> run.source().equals(dataset.from().source())
              && run.stream().equals(dataset.from().stream()) && run.records() > 0)
          .toList();
      long landed = runs.stream().mapToLong(StreamRunResult::records).sum();
      String what = "dataset " + client.client() + "." + name;
      if (landed > 0 && runs.stream().noneMatch(pipeline::delivered)
          && !pipeline.failures().contains("transform of " + what)
          && !pipeline.failures().contains("load of " + what)) {
        pipeline.failures().add("delivery of " + what, new DataException(ErrorCode.DATA_INVALID,
            "Cannot deliver " + what + ": its stream " + dataset.from() + " landed " + landed
                + " rows in this run but none reached table " + dataset.destination().table()
                + " (see the transform lines above: quarantined rows, failed checks)"));
      }
    });
  }

}
