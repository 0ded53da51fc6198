package io.dif.cli;

import io.dif.core.config.ClientConfig;
import java.time.Clock;
import picocli.CommandLine.Mixin;

/** What every pipeline command needs: folders, control store and warehouses. */
final class PipelineOptions {
  @Mixin
  Workspace workspace;

  @Mixin
  ControlOptions control;

  @Mixin
  Warehouses warehouses;

  ClientConfig loadClient(String client) {
    return workspace.loadClient(client);
  }

  LocalPipeline open(ClientConfig client, Clock clock) {
    return new LocalPipeline(workspace, ControlPlane.open(workspace, control, clock), warehouses,
        client, clock);
  }
}
