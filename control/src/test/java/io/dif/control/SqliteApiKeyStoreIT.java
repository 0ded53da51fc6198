package io.dif.control;

import io.dif.core.apikey.ApiKeyStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteApiKeyStoreIT extends ApiKeyStoreContractTest {
  @TempDir
  Path folder;

  @Override
  ApiKeyStore store() {
    return new SqliteApiKeyStore(SqliteControlDatabase.open(folder.resolve("control.db")));
  }
}
