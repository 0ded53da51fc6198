package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.extract.ExtractionPlan;
import io.dif.extract.ExtractionResult;
import io.dif.load.LoadResult;
import io.dif.transform.TransformResult;
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
  KeyOptions keys;

  @Mixin
  Warehouses warehouses;

  @Mixin
  SharedLimits limits;

  @Mixin
  ClientOptions options;

  @Override
  public Integer call() {
    Clock clock = Clock.systemUTC();
    ClientConfig client = pipelineOptions.loadClient(options.client);
    LocalPipeline pipeline = pipelineOptions.open(client, clock, keys, warehouses)
        .waitingForLocks(limits.lockWait);
    RunSummary summary = new RunSummary(System.out);
    summary.header("run", client.client());
    try (StopOnSignals signals = pipelineOptions.stopOnSignals()) {
      return run(pipeline, summary, clock);
    }
  }

  private int run(LocalPipeline pipeline, RunSummary summary, Clock clock) {
    long started = System.nanoTime();
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    ExtractionResult extracted = pipeline.extract(new ExtractionPlan(Optional.empty(),
        Optional.empty(), options.from(), options.to(), today), limits);
    summary.extract(extracted);

    long transformStarted = System.nanoTime();
    List<TransformResult> transformed = pipeline.transform(Optional.empty(), Optional.empty(),
        Optional.empty(), false);
    Duration transformTime = Duration.ofNanos(System.nanoTime() - transformStarted);
    summary.transform(transformed, transformTime);

    long loadStarted = System.nanoTime();
    List<LoadResult> loaded = pipeline.load(Optional.empty(), false);
    summary.load(loaded, Duration.ofNanos(System.nanoTime() - loadStarted));

    summary.footer(Duration.ofNanos(System.nanoTime() - started), loaded,
        pipelineOptions.workspace);
    return 0;
  }
}
