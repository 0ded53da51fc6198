package io.dif.control;

import io.dif.core.alert.AlertLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class DynamoDbAlertLedgerIT extends AlertLedgerContractTest {
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
  AlertLedger ledger() {
    return new DynamoDbAlertLedger(TestingDynalite.client(), table);
  }
}
