package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.load.LoadResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Load curated partitions into the embedded DuckDB warehouse. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Load every curated partition of a client's datasets into the DuckDB warehouse"
        + " (<data-dir>/warehouse.duckdb): staged, de-duplicated on the key, then merged,"
        + " replaced or appended in one transaction. Loading twice changes nothing.")
final class LoadCommand implements Callable<Integer> {
  @Mixin
  PipelineOptions pipelineOptions;

  @Option(names = "--client", required = true, paramLabel = "CLIENT",
      description = "Client id: reads <conf-dir>/CLIENT.yaml.")
  String clientId;

  @Option(names = "--dataset", paramLabel = "DATASET", description = "Only this dataset.")
  String dataset;

  @Override
  public Integer call() {
    Clock clock = Clock.systemUTC();
    ClientConfig client = pipelineOptions.loadClient(clientId);
    RunSummary summary = new RunSummary(System.out);
    summary.header("load", client.client());
    long started = System.nanoTime();
    List<LoadResult> results = pipelineOptions.open(client, clock)
        .load(Optional.ofNullable(dataset), Map.of());
    summary.load(results, Duration.ofNanos(System.nanoTime() - started));
    return 0;
  }
}
