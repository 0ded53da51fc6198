package io.dif.pipeline;

import io.dif.control.ControlStores;
import io.dif.control.CredentialKeys;
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
public record ControlPlane(StateStore states, CheckpointStore checkpoints,
    WritableCredentialStore credentials, FencingTokens fencingTokens) {

  public static ControlPlane open(ControlStores stores, CredentialKeys keys, Clock clock) {
    return new ControlPlane(stores.states(clock), stores.checkpoints(clock),
        stores.credentials(keys, clock), stores.fencingTokens());
  }
}
