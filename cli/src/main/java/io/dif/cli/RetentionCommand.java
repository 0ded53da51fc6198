package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.core.zone.RunIds;
import io.dif.pipeline.Pipeline;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dif retention}: personal data kept only as long as the client config says. */
@Command(name = "retention", mixinStandardHelpOptions = true,
    description = "Apply the retention of the client config (GDPR storage limitation).",
    subcommands = RetentionCommand.Run.class)
final class RetentionCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code dif retention run}. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Anonymize and delete by age: curated and quarantine rows whose data date is"
          + " older than a dataset's retention.anonymize_after get their personal-data columns"
          + " in anonymous form, older than retention.delete_after are deleted (one Iceberg"
          + " commit per table; older snapshots expired and unreferenced files removed); the"
          + " DuckDB warehouse follows in one transaction per table; raw runs older than their"
          + " source's raw_retention are deleted; documents move to ANONYMIZED (ERASED when"
          + " deleted). Prints what it changed, or with --dry-run what it would change.")
  static final class Run implements Callable<Integer> {
    @Mixin
    PipelineOptions pipelineOptions;

    @Mixin
    KeyOptions keys;

    @Mixin
    WarehouseOptions warehouses;

    @Option(names = "--client", paramLabel = "CLIENT",
        description = "Client id; every client of the config folder when left out.")
    String client;

    @Option(names = "--dry-run", description = "List what would change; change nothing.")
    boolean dryRun;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      RuntimeArtifact.requireSpark("retention run");
      Workspace workspace = pipelineOptions.workspace;
      workspace.ready();
      List<String> clients = client != null ? List.of(client) : workspace.clientIds();
      clients.forEach(pipelineOptions::loadClient); // every config checked before any change
      for (String id : clients) {
        // the client's transform lock and its warehouses' load locks, as a run holds them
        Pipeline pipeline = pipelineOptions.open(id, clock, keys, warehouses,
            new SharedLimits());
        ClientConfig config = pipeline.client();
        String runId = "retention-" + RunIds.next(clock.instant());
        List<String> lines = new ArrayList<>();
        long changed = pipeline.changingData(session -> RetentionRun.apply(config,
            pipeline.deployment().control(), workspace, session, clock, runId, dryRun, lines));
        lines.forEach(System.out::println);
        System.out.println((dryRun ? "would change " : "changed ") + changed
            + " rows/runs for client " + config.client()
            + (dryRun ? " (dry run: nothing changed)" : " (" + runId + ")"));
      }
      return 0;
    }
  }
}
