package io.dif.control;

import io.dif.core.state.StateStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoDbStateStoreIT extends StateStoreContractTest {
  @RegisterExtension
  final DynaliteTable table = new DynaliteTable();

  @Override
  StateStore createStore(TestingClock clock) {
    return new DynamoDbStateStore(TestingDynalite.client(), table.name(), clock);
  }
}
