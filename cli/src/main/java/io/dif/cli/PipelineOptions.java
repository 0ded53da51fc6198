package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.core.run.StopSignal;
import io.dif.pipeline.Deployment;
import io.dif.pipeline.DeploymentProfile;
import io.dif.pipeline.Pipeline;
import io.dif.pipeline.ProfileKey;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Mixin;

/**
 * What every pipeline command needs: folders and the control store; the stop signal that
 * SIGINT and SIGTERM raise. Commands add {@link KeyOptions} when they read credentials,
 * {@link WarehouseOptions} when they load and {@link SharedLimits} when they extract. Together
 * they are the command's deployment profile, the same one the Glue jobs and the extractor
 * container take as arguments or environment.
 */
final class PipelineOptions {
  @Mixin
  Workspace workspace;

  @Mixin
  ControlOptions control;

  @Mixin
  AlertOptions alerts;

  private final StopSignal stopSignal;
  private final boolean signalsHandled;
  private Deployment deployment;

  /** Options whose commands install their own signal handlers while they run. */
  PipelineOptions() {
    this(new StopSignal(), false);
  }

  /**
   * @param signalsHandled whether SIGINT and SIGTERM already raise {@code stopSignal} (for the
   *     whole process, from its start)
   */
  PipelineOptions(StopSignal stopSignal, boolean signalsHandled) {
    this.stopSignal = stopSignal;
    this.signalsHandled = signalsHandled;
  }

  /** The client's config: a local file, or an object when the config folder is on S3. */
  ClientConfig loadClient(String client) {
    if (!workspace.confOnS3()) {
      return workspace.loadClient(client);
    }
    try (Deployment configs = Deployment.open(profile(new KeyOptions(), new WarehouseOptions(),
        new SharedLimits()), Clock.systemUTC())) {
      return configs.client(client);
    }
  }

  /** The one stop request of this command: SIGINT and SIGTERM raise it, the stages check it. */
  StopSignal stopSignal() {
    return stopSignal;
  }

  /**
   * Stops the pipeline on SIGINT or SIGTERM until closed; a second SIGINT halts at once. When
   * the process already handles them for this signal, nothing more is installed.
   */
  StopOnSignals stopOnSignals() {
    return signalsHandled ? StopOnSignals.none() : StopOnSignals.install(stopSignal, System.err);
  }

  Pipeline open(String client, Clock clock, KeyOptions keys) {
    return open(client, clock, keys, new WarehouseOptions(), new SharedLimits());
  }

  Pipeline open(String client, Clock clock, WarehouseOptions warehouses) {
    return open(client, clock, new KeyOptions(), warehouses, new SharedLimits());
  }

  Pipeline open(String client, Clock clock, KeyOptions keys, SharedLimits limits) {
    return open(client, clock, keys, new WarehouseOptions(), limits);
  }

  /**
   * The pipeline of a client on this command's deployment; the client's config is read from the
   * config folder, local or on S3 (through the deployment's S3 client).
   */
  Pipeline open(String client, Clock clock, KeyOptions keys, WarehouseOptions warehouses,
      SharedLimits limits) {
    if (deployment == null) {
      deployment = Deployment.open(profile(keys, warehouses, limits), clock);
    }
    ClientConfig config = workspace.confOnS3() ? deployment.client(client)
        : workspace.loadClient(client);
    return new Pipeline(deployment, config, stopSignal, ProgressLine::start)
        .waitingForLocks(limits.lockWait == null ? java.time.Duration.ZERO : limits.lockWait);
  }

  /** The deployment profile of this command's options (and their environment variables). */
  private DeploymentProfile profile(KeyOptions keys, WarehouseOptions warehouses,
      SharedLimits limits) {
    Map<ProfileKey, String> profile = new EnumMap<>(ProfileKey.class);
    workspace.addTo(profile);
    control.with(keys).addTo(profile);
    warehouses.addTo(profile);
    limits.addTo(profile);
    profile.put(ProfileKey.ALERT_TARGET, alerts.alertTarget);
    return DeploymentProfile.of(profile);
  }
}
