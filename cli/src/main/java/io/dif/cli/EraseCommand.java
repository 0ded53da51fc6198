package io.dif.cli;

import io.dif.pipeline.ControlPlane;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.DatasetConfig;
import io.dif.core.config.Warehouse;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.RunIds;
import io.dif.load.WarehouseErasure;
import io.dif.transform.RawErasure;
import io.dif.transform.SubjectErasure;
import io.dif.transform.SubjectErasure.Subject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
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
    ClientConfig config = pipelineOptions.loadClient(client);
    List<Subject> parsed = subjects.stream().map(Subject::parse).toList();
    Workspace workspace = pipelineOptions.workspace;
    workspace.ready();
    ControlPlane control = pipelineOptions.control.with(keys).plane(workspace, clock);
    String id = "erasure-" + RunIds.next(clock.instant());
    ErasureLog log = new ErasureLog(workspace.ready().resolve("control.db"));
    if (!dryRun) {
      log.started(id, client, requestedBy, parsed.stream()
          .map(s -> ErasureLog.auditHash(s.field(), s.value())).toList(), clock.instant());
    }
    SparkSession spark = LocalSpark.session();
    List<String> lines = new ArrayList<>();
    long total = erase(config, parsed, spark, control, workspace, id, dryRun, lines);
    lines.forEach(System.out::println);
    System.out.println((dryRun ? "would erase " : "erased ") + total + " records/rows of "
        + parsed.size() + " subject" + (parsed.size() == 1 ? "" : "s") + " for client "
        + client + (dryRun ? " (dry run: nothing changed)" : " (" + id + ")"));
    if (!dryRun) {
      log.done(id, String.join("; ", lines), clock.instant());
    }
    if (verify && !dryRun) {
      List<String> left = new ArrayList<>();
      long remaining = erase(config, parsed, spark, control, workspace, id, true, left);
      if (remaining > 0) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot verify the erasure " + id
            + " of client " + client + ": " + remaining + " records/rows still match: "
            + String.join("; ", left));
      }
      System.out.println("verified: no record or row matches the subject anywhere");
    }
    return 0;
  }

  private long erase(ClientConfig config, List<Subject> parsed, SparkSession spark,
      ControlPlane control, Workspace workspace, String id, boolean dry, List<String> lines) {
    long total = 0;
    for (RawErasure.PageResult page : new RawErasure(workspace.zones(),
        spark.sparkContext().hadoopConfiguration()).erase(config, parsed, id, dry)) {
      lines.add("raw " + page.page() + ": " + page.recordsRemoved() + " records");
      total += page.recordsRemoved();
    }
    SubjectErasure tables = new SubjectErasure(spark, workspace.zones(), control.credentials());
    for (SubjectErasure.TableResult table : tables.erase(config, parsed, dry)) {
      lines.add(table.table() + ": " + table.rowsDeleted() + " rows"
          + table.snapshotId().map(s -> ", snapshot " + s).orElse(""));
      total += table.rowsDeleted();
    }
    List<WarehouseErasure.Target> targets = new ArrayList<>();
    for (Map.Entry<String, DatasetConfig> dataset : config.datasets().entrySet()) {
      if (dataset.getValue().destination().warehouse() != Warehouse.DUCKDB) {
        continue; // other warehouses: erased by their own deployment (not wired here)
      }
      Map<String, List<String>> values = tables.storedValues(config, dataset.getValue(), parsed);
      if (!values.isEmpty()) {
        targets.add(new WarehouseErasure.Target(dataset.getValue().destination().table(),
            values));
      }
    }
    for (WarehouseErasure.Result result : WarehouseErasure.eraseDuckDb(
        workspace.warehouseFile().toAbsolutePath(), client, targets, dry)) {
      lines.add("warehouse duckdb " + result.table() + ": " + result.rowsDeleted() + " rows");
      total += result.rowsDeleted();
    }
    return total;
  }
}
