package io.dif.cli;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.ZoneLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The local data folder: zones, control database, keys, warehouse file and logs. */
class DataFolder {
  @Option(names = "--data-dir", defaultValue = "${env:DIF_DATA_DIR:-data}", paramLabel = "DIR",
      description = "Local data folder: raw/, curated/, quarantine/ zones, the control store and"
          + " the DuckDB warehouse (default: data; env DIF_DATA_DIR).")
  Path dataDir;

  private boolean ready;

  /**
   * The data folder, created when missing; a folder that cannot be created or written is a user
   * error that names it, not a stack trace from deep inside a stage.
   */
  Path ready() {
    if (dataDir.toString().matches("^[A-Za-z][A-Za-z0-9+.-]+:.*")) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use --data-dir "
          + dataDir + ": it must be a local folder (zones on S3 are given with --zones-root"
          + " s3://bucket/prefix)");
    }
    Path folder = dataDir.toAbsolutePath().normalize();
    if (!ready) {
      try {
        Files.createDirectories(folder);
      } catch (IOException e) {
        throw unusable(folder, reason(folder, e));
      }
      if (!Files.isWritable(folder)) {
        throw unusable(folder, "it is not writable");
      }
      ready = true;
    }
    return folder;
  }

  ZoneLayout zones() {
    return new ZoneLayout(ready().toString());
  }

  Path warehouseFile() {
    return dataDir.resolve("warehouse.duckdb");
  }

  private static ConfigurationException unusable(Path folder, String reason) {
    return new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use data folder "
        + folder + ": " + reason + " (give another with --data-dir)");
  }

  /** Why a folder cannot be created: the nearest existing ancestor tells. */
  private static String reason(Path folder, IOException e) {
    for (Path at = folder; at != null; at = at.getParent()) {
      if (Files.exists(at)) {
        if (!Files.isDirectory(at)) {
          return (at.equals(folder) ? "it" : at.toString()) + " is a file, not a folder";
        }
        if (!Files.isWritable(at)) {
          return "cannot create it in " + at + ": permission denied";
        }
        break;
      }
    }
    return e.getClass().getSimpleName() + " " + e.getMessage();
  }
}
