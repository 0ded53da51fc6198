package io.dif.control;

import io.dif.core.state.CheckpointStore;
import io.dif.core.state.FencingTokens;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoDbCheckpointStoreIT extends CheckpointStoreContractTest {
  @RegisterExtension
  final DynaliteTable table = new DynaliteTable();

  @Override
  CheckpointStore createCheckpoints(TestingClock clock) {
    return new DynamoDbCheckpointStore(TestingDynalite.client(), table.name(), clock);
  }

  @Override
  FencingTokens createTokens() {
    return new DynamoDbFencingTokens(TestingDynalite.client(), table.name());
  }
}
