package io.dif.cli;

import io.dif.core.config.ScheduleConfig;
import io.dif.core.config.ScheduleTimes;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.DatasetConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code dif status} without a client: one line per client of the config folder — when its
 * data was last loaded, the newest data date loaded per dataset, and how many documents wait,
 * failed or are stuck — what an operator scans first every morning.
 */
final class ClientsOverview {
  private final Workspace workspace;
  private final ControlOptions control;
  private final Clock clock;
  private final Duration stuckAfter;
  private final Map<String, Instant> late = new java.util.LinkedHashMap<>();

  ClientsOverview(Workspace workspace, ControlOptions control, Clock clock,
      Duration stuckAfter) {
    this.workspace = workspace;
    this.control = control;
    this.clock = clock;
    this.stuckAfter = stuckAfter;
  }

  /**
   * The clients late against their schedule (see {@link ScheduleTimes#lateFor}, with the stuck
   * limit as the grace), by the scheduled start they missed; known after {@link #report}.
   */
  Map<String, Instant> late() {
    return Map.copyOf(late);
  }

  /** The clients of the config folder whose config loads. */
  List<String> clients() {
    return workspace.clientIds();
  }

  void report(StatusReport report) {
    StateStore states = control.stores(workspace).states(clock);
    TextTable table = new TextTable("CLIENT", "LAST LOAD", "NEWEST DATA LOADED", "WAITING",
        "FAILED", "STUCK", "NEXT RUN", "PROBLEM");
    for (String id : workspace.clientIds()) {
      ClientConfig config;
      try {
        config = workspace.loadClient(id);
      } catch (ConfigurationException e) {
        table.row(id, "", "", "", "", "", "", "invalid config: dif config check "
            + workspace.confDir().resolve(id + ".yaml"));
        continue;
      }
      table.row(row(config, states.find(DocumentQuery.client(id))));
    }
    report.table("clients", null, table);
  }

  private String[] row(ClientConfig config, List<DocumentStatus> documents) {
    Instant stuckBefore = clock.instant().minus(stuckAfter);
    Optional<Instant> lastLoad = Optional.empty();
    long waiting = 0;
    long failed = 0;
    long stuck = 0;
    for (DocumentStatus document : documents) {
      if (document.state() == DocumentState.LOADED && lastLoad.map(last ->
          document.updatedAt().isAfter(last)).orElse(true)) {
        lastLoad = Optional.of(document.updatedAt());
      }
      if (document.state() == DocumentState.FAILED) {
        failed++;
      } else if (!document.state().terminal()
          && StatusCommand.readByADataset(config, document)) {
        waiting++;
        if (document.updatedAt().isBefore(stuckBefore)) {
          stuck++;
        }
      }
    }
    Optional<ScheduleTimes> schedule = config.schedule().filter(ScheduleConfig::enabled)
        .map(ScheduleTimes::new);
    Optional<Instant> delivered = lastLoad;
    Optional<Instant> lateFor = schedule.flatMap(times -> times.lateFor(clock.instant(),
        delivered, stuckAfter));
    lateFor.ifPresent(start -> late.put(config.client(), start));
    List<String> newest = new ArrayList<>();
    for (Map.Entry<String, DatasetConfig> dataset : config.datasets().entrySet()) {
      newest.add(dataset.getKey() + " " + newestLoaded(dataset.getValue(), documents)
          .map(LocalDate::toString).orElse("none"));
    }
    return new String[] {config.client(),
        lastLoad.map(at -> at.truncatedTo(ChronoUnit.MINUTES).toString()).orElse("never"),
        String.join(", ", newest), Long.toString(waiting), Long.toString(failed),
        Long.toString(stuck), schedule.flatMap(times -> times.next(clock.instant()))
            .map(at -> at.truncatedTo(ChronoUnit.MINUTES).toString()).orElse("unscheduled"),
        lateFor.isPresent() ? "late: nothing delivered since the run scheduled at "
            + lateFor.get().truncatedTo(ChronoUnit.MINUTES)
            : stuck > 0 ? "stuck documents: dif status --client " + config.client()
            : failed > 0 ? "failures: dif status --client " + config.client()
            + " --state FAILED --documents" : ""};
  }

  private static Optional<LocalDate> newestLoaded(DatasetConfig dataset,
      List<DocumentStatus> documents) {
    return documents.stream()
        .filter(document -> document.state() == DocumentState.LOADED
            && document.id().source().equals(dataset.from().source())
            && document.id().stream().equals(dataset.from().stream()))
        .map(document -> document.id().date()).max(LocalDate::compareTo);
  }
}
