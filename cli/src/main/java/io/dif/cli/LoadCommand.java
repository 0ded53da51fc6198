package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.load.CuratedTables;
import io.dif.load.LoadResult;
import io.dif.pipeline.Pipeline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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

  @Mixin
  SummaryOptions summaryOptions;

  @Mixin
  WarehouseOptions warehouses;

  @Option(names = "--client", required = true, paramLabel = "CLIENT",
      description = "Client id: reads <conf-dir>/CLIENT.yaml.")
  String clientId;

  @Option(names = "--dataset", paramLabel = "DATASET", description = "Only this dataset.")
  String dataset;

  @Override
  public Integer call() {
    Clock clock = Clock.systemUTC();
    Pipeline pipeline = pipelineOptions.open(clientId, clock, warehouses);
    ClientConfig client = pipeline.client();
    requireCurated(pipeline);
    RunSummary summary = summaryOptions.summary(System.out);
    summary.header("load", client.client());
    long started = System.nanoTime();
    try (StopOnSignals signals = pipelineOptions.stopOnSignals()) {
      List<LoadResult> results = pipeline.load(Optional.ofNullable(dataset), true);
      summary.load(results, Duration.ofNanos(System.nanoTime() - started));
    }
    summary.finish(pipeline.failures());
    pipeline.failures().throwIfAny();
    return 0;
  }

  /** Loading before any transform is a mistake to explain, not an empty load. */
  private void requireCurated(Pipeline pipeline) {
    ClientConfig client = pipeline.client();
    if (dataset != null && !client.datasets().containsKey(dataset)) {
      return; // the pipeline names the datasets there are
    }
    List<String> datasets = dataset != null ? List.of(dataset)
        : List.copyOf(client.datasets().keySet());
    boolean anyCurated;
    try (CuratedTables tables = pipeline.deployment().curatedTables()) {
      anyCurated = datasets.stream().anyMatch(name -> tables.current(client.client(), name)
          .map(snapshot -> !snapshot.dates().isEmpty()).orElse(false));
    }
    if (!anyCurated && !datasets.isEmpty()) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot load client "
          + client.client() + ": nothing is curated yet for dataset"
          + (datasets.size() == 1 ? " " : "s ") + String.join(", ", datasets) + "; run dif"
          + " transform --client " + client.client() + " first (or dif run --client "
          + client.client() + ")");
    }
  }
}
