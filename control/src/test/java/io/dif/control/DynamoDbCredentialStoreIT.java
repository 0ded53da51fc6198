package io.dif.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbCredentialStoreIT extends CredentialStoreContractTest {
  @RegisterExtension
  final DynaliteTable table = new DynaliteTable();

  @Override
  EncryptedCredentialStore store(LocalKeyFiles keys, TestingClock clock) {
    return new DynamoDbCredentialStore(TestingDynalite.client(), table.name(), keys, clock);
  }

  private Map<String, AttributeValue> key(String client, String name) {
    return DynamoDbControlTable.key("credentials", DynamoDbControlTable.join(client, name));
  }

  @Override
  byte[] storedCiphertext(String client, String name) {
    return TestingDynalite.client().getItem(request -> request.tableName(table.name())
        .key(key(client, name)).consistentRead(true)).item().get("ciphertext").b()
        .asByteArray();
  }

  @Override
  void overwriteCiphertext(String client, String name, byte[] ciphertext) {
    TestingDynalite.client().updateItem(request -> request.tableName(table.name())
        .key(key(client, name)).updateExpression("SET ciphertext = :c")
        .conditionExpression("attribute_exists(pk)")
        .expressionAttributeValues(Map.of(":c",
            AttributeValue.fromB(SdkBytes.fromByteArray(ciphertext)))));
  }

  /**
   * The server keeps items in memory: dump every stored item, each value as its raw bytes
   * (strings in UTF-8, binaries as stored), so the scan sees what a plaintext column would show.
   */
  @Override
  List<Path> storageFiles() throws IOException {
    ByteArrayOutputStream dump = new ByteArrayOutputStream();
    TestingDynalite.client().scanPaginator(request -> request.tableName(table.name())
        .consistentRead(true)).items().forEach(item -> {
          for (Map.Entry<String, AttributeValue> attribute : new TreeMap<>(item).entrySet()) {
            AttributeValue value = attribute.getValue();
            byte[] bytes = value.b() != null ? value.b().asByteArray()
                : (value.s() != null ? value.s() : String.valueOf(value.n()))
                    .getBytes(StandardCharsets.UTF_8);
            dump.writeBytes((attribute.getKey() + "=").getBytes(StandardCharsets.UTF_8));
            dump.writeBytes(bytes);
            dump.write('\n');
          }
        });
    Path file = Path.of(System.getProperty("basedir", "."), "target", "dynamodb-dumps",
        table.name() + ".bin");
    Files.createDirectories(file.getParent());
    Files.write(file, dump.toByteArray());
    return List.of(file);
  }
}
