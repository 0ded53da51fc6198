package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.extract.ExtractionPlan;
import io.dif.extract.ExtractionResult;
import io.dif.pipeline.Pipeline;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Extract streams of a client into the raw zone. */
@Command(name = "extract", mixinStandardHelpOptions = true,
    description = "Extract a client's streams into the raw zone: pages gzipped as received, one"
        + " run per stream and data date, committed by its manifest. With --from/--to it"
        + " backfills that date range.")
final class ExtractCommand implements Callable<Integer> {
  @Mixin
  PipelineOptions pipelineOptions;

  @Mixin
  SummaryOptions summaryOptions;

  @Mixin
  KeyOptions keys;

  @Mixin
  SharedLimits limits;

  @Mixin
  ClientOptions options;

  @Option(names = "--source", paramLabel = "SOURCE", description = "Only this source.")
  String source;

  @Option(names = "--stream", paramLabel = "STREAM",
      description = "Only this stream (its parent streams run too).")
  String stream;

  @Override
  public Integer call() {
    Clock clock = Clock.systemUTC();
    Pipeline pipeline = pipelineOptions.open(options.client, clock, keys, limits);
    ClientConfig client = pipeline.client();
    RunSummary summary = summaryOptions.summary(System.out);
    summary.header("extract", client.client());
    try (StopOnSignals signals = pipelineOptions.stopOnSignals()) {
      ExtractionResult result = pipeline.extract(
          new ExtractionPlan(Optional.ofNullable(source), Optional.ofNullable(stream),
              options.from(), options.to(), LocalDate.now(clock.withZone(ZoneOffset.UTC))));
      summary.extract(result);
      summary.extractRuns(result);
    }
    summary.finish(pipeline.failures());
    pipeline.failures().throwIfAny();
    return 0;
  }
}
