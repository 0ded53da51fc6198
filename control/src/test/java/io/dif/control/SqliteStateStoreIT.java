package io.dif.control;

import io.dif.core.state.StateStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreIT extends StateStoreContractTest {
  @TempDir
  Path folder;

  @Override
  StateStore createStore(TestingClock clock) {
    return new SqliteStateStore(SqliteControlDatabase.open(folder.resolve("control.db")), clock);
  }
}
