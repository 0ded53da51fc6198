package io.dif.control;

import io.dif.core.apikey.ApiKeyStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoDbApiKeyStoreIT extends ApiKeyStoreContractTest {
  @RegisterExtension
  final DynaliteTable table = new DynaliteTable();

  @Override
  ApiKeyStore store() {
    return new DynamoDbApiKeyStore(TestingDynalite.client(), table.name());
  }
}
