package io.dif.control;

import io.dif.core.alert.AlertLedger;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoDbAlertLedgerIT extends AlertLedgerContractTest {
  @RegisterExtension
  final DynaliteTable table = new DynaliteTable();

  @Override
  AlertLedger ledger() {
    return new DynamoDbAlertLedger(TestingDynalite.client(), table.name());
  }
}
