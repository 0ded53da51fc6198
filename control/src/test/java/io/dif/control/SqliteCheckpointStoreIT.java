package io.dif.control;

import io.dif.core.state.CheckpointStore;
import io.dif.core.state.FencingTokens;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteCheckpointStoreIT extends CheckpointStoreContractTest {
  @TempDir
  Path folder;

  private SqliteControlDatabase database() {
    return SqliteControlDatabase.open(folder.resolve("control.db"));
  }

  @Override
  CheckpointStore createCheckpoints(TestingClock clock) {
    return new SqliteCheckpointStore(database(), clock);
  }

  @Override
  FencingTokens createTokens() {
    return new SqliteFencingTokens(database());
  }
}
