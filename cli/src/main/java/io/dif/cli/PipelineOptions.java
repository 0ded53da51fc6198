package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.core.run.StopSignal;
import java.time.Clock;
import picocli.CommandLine.Mixin;

/**
 * What every pipeline command needs: folders and the control store; the stop signal that
 * SIGINT and SIGTERM raise. Commands add {@link KeyOptions} when they read credentials,
 * {@link Warehouses} when they load and {@link SharedLimits} when they extract.
 */
final class PipelineOptions {
  @Mixin
  Workspace workspace;

  @Mixin
  ControlOptions control;

  @Mixin
  AlertOptions alerts;

  private final StopSignal stopSignal = new StopSignal();

  ClientConfig loadClient(String client) {
    return workspace.loadClient(client);
  }

  /** The one stop request of this command: SIGINT and SIGTERM raise it, the stages check it. */
  StopSignal stopSignal() {
    return stopSignal;
  }

  /** Stops the pipeline on SIGINT or SIGTERM until closed; a second SIGINT halts at once. */
  StopOnSignals stopOnSignals() {
    return StopOnSignals.install(stopSignal, System.err);
  }

  /** A pipeline that reads no credentials and loads no warehouse (keys and warehouses unused). */
  LocalPipeline open(ClientConfig client, Clock clock) {
    return open(client, clock, new KeyOptions(), new Warehouses());
  }

  LocalPipeline open(ClientConfig client, Clock clock, KeyOptions keys) {
    return open(client, clock, keys, new Warehouses());
  }

  LocalPipeline open(ClientConfig client, Clock clock, Warehouses warehouses) {
    return open(client, clock, new KeyOptions(), warehouses);
  }

  LocalPipeline open(ClientConfig client, Clock clock, KeyOptions keys, Warehouses warehouses) {
    workspace.ready();
    return new LocalPipeline(workspace, ControlPlane.open(workspace, control.with(keys), clock),
        warehouses, client, clock, stopSignal);
  }
}
