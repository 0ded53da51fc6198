package io.dif.control;

import io.dif.core.state.StateStore;
import org.junit.jupiter.api.AfterEach;

class DynamoDbStateStoreIT extends StateStoreContractTest {
  private String table;

  @Override
  StateStore createStore(TestingClock clock) {
    table = TestingDynalite.createTable();
    return new DynamoDbStateStore(TestingDynalite.client(), table, clock);
  }

  @AfterEach
  void dropTable() {
    if (table != null) {
      TestingDynalite.deleteTable(table);
    }
  }
}
