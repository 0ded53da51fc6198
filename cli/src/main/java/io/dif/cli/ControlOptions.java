package io.dif.cli;

import io.dif.pipeline.ControlPlane;
import io.dif.control.ControlStores;
import io.dif.control.CredentialKeys;
import io.dif.control.SqliteControlDatabase;
import picocli.CommandLine.Option;

/**
 * Where the control store is: the embedded SQLite file or DynamoDB. Commands that read or write
 * credential values add {@link KeyOptions}; the others never touch a key.
 */
final class ControlOptions {
  @Option(names = "--control-store", paramLabel = "URL",
      defaultValue = "${env:DIF_CONTROL_STORE}",
      description = "Where document states and encrypted credentials live:"
          + " sqlite:FILE (default: sqlite:<data-dir>/control.db) or"
          + " dynamodb:TABLE[?region=R&endpoint=URL] (env DIF_CONTROL_STORE).")
  String controlStore;

  /** The keys of the command's {@link KeyOptions}, or the local defaults, which stay unused. */
  KeyOptions keyOptions = new KeyOptions();

  ControlStores stores(DataFolder data) {
    if (controlStore != null && !controlStore.isBlank()) {
      return ControlStores.open(controlStore);
    }
    return ControlStores.sqlite(SqliteControlDatabase.open(data.ready().resolve("control.db")));
  }

  /** The control plane (states, checkpoints, credentials, tokens) of these options. */
  io.dif.pipeline.ControlPlane plane(DataFolder data, java.time.Clock clock) {
    return io.dif.pipeline.ControlPlane.open(stores(data), keys(data), clock);
  }

  void addTo(java.util.Map<io.dif.pipeline.ProfileKey, String> profile) {
    profile.put(io.dif.pipeline.ProfileKey.CONTROL_STORE, controlStore);
    keyOptions.addTo(profile);
  }

  CredentialKeys keys(DataFolder data) {
    return keyOptions.keys(data);
  }

  /** Uses the key options a command declares. */
  ControlOptions with(KeyOptions keys) {
    this.keyOptions = keys;
    return this;
  }
}
