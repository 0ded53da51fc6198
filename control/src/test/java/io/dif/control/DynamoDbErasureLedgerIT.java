package io.dif.control;

import io.dif.core.state.ErasureLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class DynamoDbErasureLedgerIT extends ErasureLedgerContractTest {
  private String table;

  @BeforeEach
  void createTable() {
    table = TestingDynalite.createTable();
  }

  @AfterEach
  void dropTable() {
    if (table != null) {
      TestingDynalite.deleteTable(table);
    }
  }

  @Override
  ErasureLedger ledger() {
    return new DynamoDbErasureLedger(TestingDynalite.client(), table);
  }
}
