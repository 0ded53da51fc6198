package io.dif.control;

import io.dif.core.apikey.ApiKeyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class DynamoDbApiKeyStoreIT extends ApiKeyStoreContractTest {
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
  ApiKeyStore store() {
    return new DynamoDbApiKeyStore(TestingDynalite.client(), table);
  }
}
