package io.dif.control;

import io.dif.core.state.ErasureLedger;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoDbErasureLedgerIT extends ErasureLedgerContractTest {
  @RegisterExtension
  final DynaliteTable table = new DynaliteTable();

  @Override
  ErasureLedger ledger() {
    return new DynamoDbErasureLedger(TestingDynalite.client(), table.name());
  }
}
