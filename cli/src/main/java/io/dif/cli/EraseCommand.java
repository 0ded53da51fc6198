package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.core.credential.CredentialKind;
import io.dif.core.credential.Secret;
import io.dif.core.credential.WritableCredentialStore;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.state.ErasureLedger;
import io.dif.core.zone.RunIds;
import io.dif.pipeline.ControlPlane;
import io.dif.pipeline.Pipeline;
import io.dif.transform.RawErasure;
import io.dif.transform.SubjectErasure.Subject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dif erase}: removes one person from every zone and the warehouse (GDPR Art. 17). */
@Command(name = "erase", mixinStandardHelpOptions = true,
    description = "Erase one person from every zone and the warehouse: raw pages are rewritten"
        + " without their records, curated and quarantine rows are deleted by the keyed hash"
        + " (one Iceberg commit per table, older snapshots and unreferenced files removed), the"
        + " CSV copies follow, warehouse rows are deleted in one transaction per table; an audit"
        + " record goes to the control store with the request kept as keyed hashes (never the"
        + " subject). Idempotent; after a backfill, --reapply erases every kept request again.")
final class EraseCommand implements Callable<Integer> {
  /** The client's key of the keyed hashes kept requests hold; created on first erasure. */
  static final String REQUEST_KEY = "erasure_request_key";

  @Mixin
  PipelineOptions pipelineOptions;

  @Mixin
  KeyOptions keys;

  @Mixin
  WarehouseOptions warehouses;

  @Option(names = "--client", required = true, paramLabel = "CLIENT", description = "Client id.")
  String client;

  @Option(names = "--subject", paramLabel = "FIELD=VALUE",
      description = "The person, by a source field of the records, e.g. email=alice@example.com;"
          + " repeat for more fields.")
  List<String> subjects = new ArrayList<>();

  @Option(names = "--reapply", description = "Erase again every request kept for the client"
      + " (found in the raw zone by their keyed hashes): run it after a backfill landed data"
      + " of the past again.")
  boolean reapply;

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
    if (reapply == !subjects.isEmpty()) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot erase for client "
          + client + ": give the person with --subject FIELD=VALUE, or --reapply to erase the"
          + " kept requests again (not both)");
    }
    Pipeline pipeline = pipelineOptions.open(client, clock, keys, warehouses,
        new SharedLimits());
    ClientConfig config = pipeline.client();
    Workspace workspace = pipelineOptions.workspace;
    ControlPlane control = pipeline.deployment().control();
    ErasureLedger log = pipeline.deployment().stores().erasures();
    List<String> unfinished = log.erasures(client).stream().filter(e -> !e.done())
        .map(ErasureLedger.Erasure::id).toList();
    if (!unfinished.isEmpty()) {
      System.err.println("Earlier erasures of client " + client + " did not finish: "
          + String.join(", ", unfinished) + (reapply ? " (reapplying their requests)"
              : " (run dif erase --client " + client + " --reapply to complete them)"));
    }
    // a dry run stores nothing, not even a first key (its requests would hash with none)
    byte[] requestKey = requestKey(control.credentials(), !dryRun);
    List<Subject> parsed;
    if (reapply) {
      Map<String, String> fieldByKeyedHash = new LinkedHashMap<>();
      log.requests(client).forEach(request -> fieldByKeyedHash.put(request.keyedHash(),
          request.field()));
      parsed = fieldByKeyedHash.isEmpty() ? List.of() : new RawErasure(workspace.zones(),
          LocalSpark.session().sparkContext().hadoopConfiguration())
          .find(config, fieldByKeyedHash, requestKey);
      System.out.println(fieldByKeyedHash.size() + " erasure request subject"
          + (fieldByKeyedHash.size() == 1 ? "" : "s") + " kept for client " + client + ": "
          + parsed.size() + " found in the raw zone again");
      if (parsed.isEmpty()) {
        if (!dryRun) { // the raw zone goes last: clean, the rest was erased before
          unfinished.forEach(earlier -> log.done(client, earlier, "completed: nothing of its"
              + " subjects left in the raw zone", clock.instant()));
        }
        return 0;
      }
    } else {
      parsed = subjects.stream().map(Subject::parse).toList();
    }
    String id = "erasure-" + RunIds.next(clock.instant());
    EraseRun erasure = new EraseRun(config, parsed, LocalSpark.session(), control, workspace,
        id);
    List<String> lines = new ArrayList<>();
    List<String> left = new ArrayList<>();
    // the client's transform lock and its warehouses' load locks, as a run holds them
    long[] counts = pipeline.changingData(session -> {
      if (!dryRun) {
        log.started(new ErasureLedger.Erasure(id, client, requestedBy + (reapply
            ? " (reapply)" : ""), clock.instant(), parsed.stream()
            .map(s -> ErasureLedger.auditHash(s.field(), s.value())).toList(), parsed.stream()
            .map(s -> new ErasureLedger.Request(s.field(), s.keyedHash(requestKey))).toList(),
            "", Optional.empty()));
      }
      long erased = erasure.erase(dryRun, lines, session);
      if (!dryRun) {
        log.done(client, id, String.join("; ", lines), clock.instant());
        if (reapply) { // their requests were among the ones reapplied
          unfinished.forEach(earlier -> log.done(client, earlier, "completed by " + id,
              clock.instant()));
        }
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

  /**
   * The client's key of kept requests: stored (encrypted) with its credentials, created on the
   * first erasure (put-if-absent, so two first erasures agree on it). Losing it only loses the
   * ability to reapply the requests kept so far, never data.
   */
  private byte[] requestKey(WritableCredentialStore credentials, boolean create) {
    boolean stored = credentials.list(client).stream()
        .anyMatch(info -> info.name().equals(REQUEST_KEY));
    Secret key;
    if (stored) {
      key = credentials.get(client, REQUEST_KEY);
    } else if (!create) {
      return new byte[0];
    } else {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      key = credentials.putIfAbsent(client, REQUEST_KEY, CredentialKind.API_KEY,
          Secret.of(HexFormat.of().formatHex(random)));
    }
    return key.reveal().getBytes(StandardCharsets.UTF_8);
  }
}
