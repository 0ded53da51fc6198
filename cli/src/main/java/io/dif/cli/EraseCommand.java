package io.dif.cli;

import io.dif.pipeline.ControlPlane;
import io.dif.pipeline.Pipeline;
import io.dif.core.config.ClientConfig;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.RunIds;
import io.dif.transform.SubjectErasure;
import io.dif.transform.SubjectErasure.Subject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dif erase}: removes one person from every zone and the warehouse (GDPR Art. 17). */
@Command(name = "erase", mixinStandardHelpOptions = true,
    description = "Erase one person from every zone and the warehouse: raw pages are rewritten"
        + " without their records, curated and quarantine rows are deleted by the keyed hash"
        + " (one Iceberg commit per table, older snapshots and unreferenced files removed),"
        + " warehouse rows are deleted in one transaction per table; an audit record (never the"
        + " subject) goes to the control store. Idempotent: rerun it after a backfill.")
final class EraseCommand implements Callable<Integer> {
  @Mixin
  PipelineOptions pipelineOptions;

  @Mixin
  KeyOptions keys;

  @Mixin
  WarehouseOptions warehouses;

  @Option(names = "--client", required = true, paramLabel = "CLIENT", description = "Client id.")
  String client;

  @Option(names = "--subject", required = true, paramLabel = "FIELD=VALUE",
      description = "The person, by a source field of the records, e.g. email=alice@example.com;"
          + " repeat for more fields.")
  List<String> subjects;

  @Option(names = "--dry-run", description = "Count what would be erased; change nothing.")
  boolean dryRun;

  @Option(names = "--verify", description = "After erasing, check that no row matches anywhere"
      + " (exit 2 when one does).")
  boolean verify;

  @Option(names = "--requested-by", paramLabel = "WHO", description = "Who asked (the audit"
      + " record); default: the user running the command.")
  String requestedBy = System.getProperty("user.name", "unknown");

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    RuntimeArtifact.requireSpark("erase");
    Pipeline pipeline = pipelineOptions.open(client, clock, keys, warehouses,
        new SharedLimits());
    ClientConfig config = pipeline.client();
    List<Subject> parsed = subjects.stream().map(Subject::parse).toList();
    Workspace workspace = pipelineOptions.workspace;
    ControlPlane control = pipeline.deployment().control();
    String id = "erasure-" + RunIds.next(clock.instant());
    ErasureLog log = new ErasureLog(workspace.ready().resolve("control.db"));
    EraseRun erasure = new EraseRun(config, parsed, LocalSpark.session(), control, workspace,
        id);
    List<String> lines = new ArrayList<>();
    List<String> left = new ArrayList<>();
    // the client's transform lock and its warehouses' load locks, as a run holds them
    long[] counts = pipeline.changingData(session -> {
      if (!dryRun) {
        log.started(id, client, requestedBy, parsed.stream()
            .map(s -> ErasureLog.auditHash(s.field(), s.value())).toList(), clock.instant());
      }
      long erased = erasure.erase(dryRun, lines, session);
      if (!dryRun) {
        log.done(id, String.join("; ", lines), clock.instant());
      }
      return new long[] {erased, verify && !dryRun ? erasure.erase(true, left, session) : 0};
    });
    lines.forEach(System.out::println);
    System.out.println((dryRun ? "would erase " : "erased ") + counts[0] + " records/rows of "
        + parsed.size() + " subject" + (parsed.size() == 1 ? "" : "s") + " for client "
        + client + (dryRun ? " (dry run: nothing changed)" : " (" + id + ")"));
    if (verify && !dryRun) {
      if (counts[1] > 0) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot verify the erasure " + id
            + " of client " + client + ": " + counts[1] + " records/rows still match: "
            + String.join("; ", left));
      }
      System.out.println("verified: no record or row matches the subject anywhere");
    }
    return 0;
  }
}
