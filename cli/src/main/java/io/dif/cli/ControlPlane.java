package io.dif.cli;

import io.dif.control.SqliteControlDatabase;
import io.dif.control.SqliteCredentialStore;
import io.dif.control.SqliteStateStore;
import io.dif.core.credential.WritableCredentialStore;
import io.dif.core.state.StateStore;
import java.time.Clock;

/**
 * The stores of a local run, on the embedded defaults: document states and encrypted
 * credentials in {@code <data-dir>/control.db}, credential keys wrapped by the local key file
 * (or AWS KMS when a key id is given).
 */
record ControlPlane(StateStore states, WritableCredentialStore credentials) {

  static ControlPlane open(Workspace workspace, ControlOptions options, Clock clock) {
    SqliteControlDatabase database = options.database(workspace);
    return new ControlPlane(new SqliteStateStore(database, clock),
        new SqliteCredentialStore(database, options.keys(workspace), clock));
  }
}
