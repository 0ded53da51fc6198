package io.dif.cli;

import io.dif.pipeline.PartialRunException;
import io.dif.control.AlertTargets;
import io.dif.control.ControlStores;
import io.dif.core.alert.AlertProblem;
import io.dif.core.alert.AlertTarget;
import io.dif.core.alert.Alerts;
import io.dif.core.alert.AlertsLog;
import io.dif.core.config.AlertsConfig;
import io.dif.core.config.ClientConfig;
import io.dif.core.credential.CredentialStore;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Alerts at the end of the pipeline commands (run, extract, transform, load): each failure the
 * command went on after and a whole-command failure fire, stuck documents fire, and what the
 * command checked again without meeting a problem is resolved. Hooked around the command's
 * execution in {@link DifCommand}, so no command carries alerting code; a failure to alert never
 * changes the command's exit code.
 */
final class CommandAlerts {
  private static final Logger LOG = LoggerFactory.getLogger(CommandAlerts.class);
  static final String STUCK = "DOCUMENTS_STUCK";
  static final String INTERNAL = "INTERNAL_ERROR";
  static final String LATE = "CLIENT_LATE";

  private final CommandSpec spec;
  private final PipelineOptions pipeline;
  private final String client;
  private final Clock clock;

  private CommandAlerts(CommandSpec spec, PipelineOptions pipeline, String client, Clock clock) {
    this.spec = spec;
    this.pipeline = pipeline;
    this.client = client;
    this.clock = clock;
  }

  /** Runs the parsed command, alerting at its end when it is a pipeline command of a client. */
  static int execute(ParseResult parsed) {
    ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    Optional<CommandAlerts> alerts = of(leaf.commandSpec());
    int exitCode;
    try {
      exitCode = new CommandLine.RunLast().execute(parsed);
    } catch (CommandLine.ExecutionException e) {
      Exception cause = e.getCause() instanceof Exception thrown ? thrown : e;
      alerts.ifPresent(hook -> hook.failed(DifCommand.unwrap(cause)));
      throw e;
    }
    if (exitCode == 0) {
      alerts.ifPresent(hook -> hook.report(List.of(), true));
    }
    return exitCode;
  }

  private static Optional<CommandAlerts> of(CommandSpec spec) {
    CommandSpec mixin = spec.mixins().get("pipelineOptions");
    OptionSpec client = spec.findOption("--client");
    if (mixin == null || !(mixin.userObject() instanceof PipelineOptions options)
        || client == null || !(client.getValue() instanceof String id)) {
      return Optional.empty();
    }
    return Optional.of(new CommandAlerts(spec, options, id, Clock.systemUTC()));
  }

  private void failed(Exception e) {
    List<AlertProblem> problems = new ArrayList<>();
    List<Exception> failures = e instanceof PartialRunException partial
        ? partial.failures().stream().map(failure -> (Exception) failure.error()).toList()
        : List.of(e);
    if (e instanceof PartialRunException partial) {
      partial.failures().forEach(failure -> problem(failure.what(), failure.error())
          .ifPresent(problems::add));
    } else {
      problem("command dif " + spec.name(), e).ifPresent(problems::add);
    }
    // a part stopped by a signal or left to another run's lock was not checked: resolve nothing
    report(problems, problems.size() == failures.size());
  }

  /** A failure as an alert; none for a stop request or a lock another run holds. */
  private Optional<AlertProblem> problem(String subject, Exception e) {
    if (e instanceof DifException dif && (dif.code() == ErrorCode.RUN_STOPPED
        || dif.code() == ErrorCode.RUN_LOCKED)) {
      return Optional.empty();
    }
    if (e instanceof ConfigurationException config) {
      return Optional.of(new AlertProblem(subject, config.code().name(), config.getMessage(),
          "fix the config or credential named here (dif config check " + pipeline.workspace
              .confDir().resolve(client + ".yaml") + "), then run again"));
    }
    if (e instanceof DifException dif) {
      return Optional.of(new AlertProblem(subject, dif.code().name(), dif.getMessage(),
          dif.retriable() ? "nothing if the next scheduled run succeeds (retriable); if it"
              + " fails again, check the source, store or warehouse named here"
              : "see the quality report, quarantine or request named here and dif status"
                  + " --client " + client + "; fix the config or the data, then run again"));
    }
    // not DIF's own line: only the exception's type goes out, its message may hold anything
    return Optional.of(new AlertProblem(subject, INTERNAL, "Internal error in DIF: "
        + e.getClass().getName(), "report a bug with the stack trace in " + pipeline.workspace
            .dataDir.toAbsolutePath().normalize().resolve("logs").resolve("dif.log")));
  }

  /**
   * {@code dif status} across clients: a client late against its schedule fires (see
   * {@link ClientsOverview#late}), one on time again is resolved; stuck documents as after a
   * pipeline command.
   */
  static void reportSchedules(CommandSpec spec, Workspace workspace, ControlOptions control,
      AlertOptions alerts, List<String> clients, Map<String, Instant> late, Clock clock) {
    PipelineOptions options = new PipelineOptions();
    options.workspace = workspace;
    options.control = control;
    options.alerts = alerts;
    for (String client : clients) {
      String subject = "schedule of client " + client;
      List<AlertProblem> problems = Optional.ofNullable(late.get(client))
          .map(start -> List.of(new AlertProblem(subject, LATE, "Client " + client + " is late"
              + " against its schedule: nothing delivered since the run scheduled at " + start,
              "dif status --client " + client + " says where its data is; check the"
                  + " scheduler's last execution of the client, or run dif run --client "
                  + client)))
          .orElse(List.of());
      new CommandAlerts(spec, options, client, clock).report(problems, checked -> checked
          .equals(subject) || checked.equals("documents of client " + client));
    }
  }

  private void report(List<AlertProblem> failures, boolean resolve) {
    report(failures, resolve ? checked() : subject -> false);
  }

  private void report(List<AlertProblem> failures, Predicate<String> resolved) {
    try (ControlStores stores = pipeline.control.stores(pipeline.workspace)) {
      Optional<ClientConfig> config = clientConfig();
      List<AlertProblem> problems = new ArrayList<>(failures);
      config.ifPresent(loaded -> stuck(loaded, stores).ifPresent(problems::add));
      new Alerts(stores.alerts(), targets(config), clock, Alerts.DEFAULT_MAX_PER_HOUR)
          .report(client, problems, resolved);
    } catch (RuntimeException e) {
      LOG.warn("Cannot alert on dif {} of client {}: {}", spec.name(), client, e.getMessage());
    }
  }

  private Optional<ClientConfig> clientConfig() {
    try {
      return Optional.of(pipeline.loadClient(client));
    } catch (ConfigurationException e) {
      return Optional.empty(); // alerted as the command's failure; the deployment's target
    }
  }

  /** The alerts log, always; then the client's target, or else the deployment's. */
  private List<AlertTarget> targets(Optional<ClientConfig> config) {
    List<AlertTarget> targets = new ArrayList<>();
    targets.add(new AlertsLog(pipeline.workspace.ready().resolve("alerts.log")));
    Optional<String> own = config.flatMap(ClientConfig::alerts).flatMap(AlertsConfig::target);
    String spec = own.orElse(pipeline.alerts.alertTarget);
    String owner = own.isPresent() ? client : AlertTargets.DEPLOYMENT;
    try {
      AlertTargets.open(spec, credentials(), owner).ifPresent(targets::add);
    } catch (RuntimeException e) {
      LOG.warn("Cannot alert to the target of client {}: {}", client, e.getMessage());
    }
    return targets;
  }

  /** The credential store, opened only when a webhook asks for its URL. */
  private CredentialStore credentials() {
    CommandSpec keys = spec.mixins().get("keys");
    KeyOptions keyOptions = keys != null && keys.userObject() instanceof KeyOptions options
        ? options : new KeyOptions();
    return (owner, name) -> pipeline.control.with(keyOptions).plane(pipeline.workspace, clock)
        .credentials().get(owner, name);
  }

  /** Documents that wait in one state longer than the client's limit (default 6 hours). */
  private Optional<AlertProblem> stuck(ClientConfig config, ControlStores stores) {
    Duration limit = config.alerts().map(AlertsConfig::stuckAfter).orElse(Duration.ofHours(6));
    Instant before = clock.instant().minus(limit);
    List<DocumentStatus> stuck = stores.states(clock).find(DocumentQuery.client(client))
        .stream().filter(document -> !document.state().terminal()
            && document.updatedAt().isBefore(before)
            && StatusCommand.readByADataset(config, document))
        .sorted(Comparator.comparing(DocumentStatus::updatedAt)).toList();
    if (stuck.isEmpty()) {
      return Optional.empty();
    }
    DocumentStatus oldest = stuck.get(0);
    return Optional.of(new AlertProblem("documents of client " + client, STUCK, stuck.size()
        + " document(s) of client " + client + " wait longer than " + limit + "; the oldest, "
        + oldest.id() + ", is " + oldest.state() + " since " + oldest.updatedAt(),
        "dif status --client " + client + " lists them; dif run --client " + client
            + " moves them on"));
  }

  /** The subjects this command covers: what it did not fail on again is resolved. */
  private Predicate<String> checked() {
    List<String> filters = Arrays.asList(value("--source"), value("--stream"),
        value("--dataset")).stream().filter(v -> v != null && !v.isBlank()).toList();
    Predicate<String> stage = switch (spec.name()) {
      case "run" -> subject -> true;
      case "extract" -> subject -> subject.startsWith("stream ");
      case "transform" -> subject -> subject.startsWith("transform of ");
      case "load" -> subject -> subject.startsWith("load of ");
      default -> subject -> false;
    };
    Predicate<String> named = subject -> filters.stream().allMatch(filter ->
        Arrays.asList(subject.split("[ .]")).contains(filter));
    return subject -> subject.equals("command dif " + spec.name())
        || subject.equals("documents of client " + client)
        || stage.test(subject) && named.test(subject);
  }

  private String value(String option) {
    OptionSpec found = spec.findOption(option);
    return found != null && found.getValue() instanceof String text ? text : null;
  }
}
