package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.zone.ZoneLayout;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command shares: where client configs and the local data folder are. */
final class Workspace {
  @Option(names = "--conf-dir", defaultValue = "conf/clients", paramLabel = "DIR",
      description = "Folder of client config files (default: ${DEFAULT-VALUE}).")
  Path confDir;

  @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
      description = "Local data folder: raw/, curated/, quarantine/ zones and the DuckDB"
          + " warehouse (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  ClientConfig loadClient(String client) {
    return new ClientConfigLoader().load(confDir.resolve(client + ".yaml"));
  }

  ZoneLayout zones() {
    return new ZoneLayout(dataDir.toAbsolutePath().normalize().toString());
  }

  Path warehouseFile() {
    return dataDir.resolve("warehouse.duckdb");
  }
}
