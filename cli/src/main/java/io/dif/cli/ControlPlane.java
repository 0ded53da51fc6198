package io.dif.cli;

import io.dif.control.ControlStores;
import io.dif.core.credential.WritableCredentialStore;
import io.dif.core.state.CheckpointStore;
import io.dif.core.state.FencingTokens;
import io.dif.core.state.StateStore;
import java.time.Clock;

/**
 * The control stores of a run: document states and encrypted credentials in
 * {@code <data-dir>/control.db} by default or in DynamoDB ({@code --control-store}), credential
 * keys wrapped by the local key file or by AWS KMS ({@code --kms-key-id}).
 */
record ControlPlane(StateStore states, CheckpointStore checkpoints,
    WritableCredentialStore credentials, FencingTokens fencingTokens) {

  static ControlPlane open(Workspace workspace, ControlOptions options, Clock clock) {
    ControlStores stores = options.stores(workspace);
    return new ControlPlane(stores.states(clock), stores.checkpoints(clock),
        stores.credentials(options.keys(workspace), clock), stores.fencingTokens());
  }
}
