package io.dif.control;

import io.dif.core.state.CheckpointStore;
import io.dif.core.state.FencingTokens;
import org.junit.jupiter.api.AfterEach;

class DynamoDbCheckpointStoreIT extends CheckpointStoreContractTest {
  private String table;

  private String table() {
    if (table == null) {
      table = TestingDynalite.createTable();
    }
    return table;
  }

  @Override
  CheckpointStore createCheckpoints(TestingClock clock) {
    return new DynamoDbCheckpointStore(TestingDynalite.client(), table(), clock);
  }

  @Override
  FencingTokens createTokens() {
    return new DynamoDbFencingTokens(TestingDynalite.client(), table());
  }

  @AfterEach
  void dropTable() {
    if (table != null) {
      TestingDynalite.deleteTable(table);
    }
  }
}
