package io.dif.control;

import io.dif.core.alert.AlertLedger;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteAlertLedgerIT extends AlertLedgerContractTest {
  @TempDir
  Path folder;

  @Override
  AlertLedger ledger() {
    return new SqliteAlertLedger(SqliteControlDatabase.open(folder.resolve("control.db")));
  }
}
