package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.transform.TransformResult;
import io.dif.pipeline.Pipeline;
import io.dif.pipeline.TransformStage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Transform committed raw runs into curated Parquet with local Spark. */
@Command(name = "transform", mixinStandardHelpOptions = true,
    description = "Transform raw data not processed yet (the latest committed run of each data"
        + " date that has unprocessed documents) into typed curated Parquet (local Spark); bad"
        + " rows go to the quarantine zone with their reasons. --reprocess --from D --to D"
        + " transforms a date range again.")
final class TransformCommand implements Callable<Integer> {
  @Mixin
  PipelineOptions pipelineOptions;

  @Mixin
  SummaryOptions summaryOptions;

  @Mixin
  KeyOptions keys;

  @Mixin
  ClientOptions options;

  @Option(names = "--dataset", paramLabel = "DATASET", description = "Only this dataset.")
  String dataset;

  @Option(names = "--reprocess",
      description = "Transform every committed date of --from/--to again, not only the dates"
          + " whose documents are not processed yet.")
  boolean reprocess;

  @Override
  public Integer call() {
    RuntimeArtifact.requireSpark("transform");
    Clock clock = Clock.systemUTC();
    Pipeline pipeline = pipelineOptions.open(options.client, clock, keys);
    ClientConfig client = pipeline.client();
    RunSummary summary = summaryOptions.summary(System.out);
    summary.header("transform", client.client());
    long started = System.nanoTime();
    try (StopOnSignals signals = pipelineOptions.stopOnSignals()) {
      List<TransformResult> results = new TransformStage(pipeline, LocalSpark::session).run(
          Optional.ofNullable(dataset),
          options.from(), options.to(), reprocess);
      summary.transform(results, Duration.ofNanos(System.nanoTime() - started));
    }
    summary.finish(pipeline.failures());
    pipeline.failures().throwIfAny();
    return 0;
  }
}
