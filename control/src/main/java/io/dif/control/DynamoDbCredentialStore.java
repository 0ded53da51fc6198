package io.dif.control;

import static io.dif.control.DynamoDbControlTable.b;
import static io.dif.control.DynamoDbControlTable.join;
import static io.dif.control.DynamoDbControlTable.key;
import static io.dif.control.DynamoDbControlTable.n;
import static io.dif.control.DynamoDbControlTable.number;
import static io.dif.control.DynamoDbControlTable.s;
import static io.dif.control.DynamoDbControlTable.string;

import io.dif.core.credential.CredentialInfo;
import io.dif.core.credential.CredentialKind;
import io.dif.core.credential.Secret;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Encrypted credentials on the DynamoDB control table ({@link DynamoDbTables}), in one partition
 * ({@code pk = credentials}, {@code sk = {client}|{name}}): credentials are few, and one
 * partition lists them all with a query. The ciphertexts are the same AWS Encryption SDK
 * messages as {@link SqliteCredentialStore} writes ({@link CredentialCipher}), so credentials
 * move between backends as they are; nothing is stored in plaintext.
 */
public final class DynamoDbCredentialStore implements EncryptedCredentialStore {
  private static final String PARTITION = "credentials";

  private final DynamoDbControlTable table;
  private final CredentialCipher cipher;
  private final Clock clock;

  public DynamoDbCredentialStore(DynamoDbClient client, String table, CredentialKeys keys,
      Clock clock) {
    this.table = new DynamoDbControlTable(client, table);
    this.cipher = new CredentialCipher(keys);
    this.clock = clock;
  }

  @Override
  public Secret get(String client, String name) {
    byte[] ciphertext;
    try {
      ciphertext = ciphertext(client, name);
    } catch (RuntimeException e) {
      throw table.failure("read credential " + client + "." + name, e);
    }
    if (ciphertext == null) {
      throw new ConfigurationException(ErrorCode.CREDENTIAL_MISSING, "Cannot find credential "
          + client + "." + name + ": store it with dif secrets put " + client + " " + name);
    }
    return cipher.decrypt(client, name, ciphertext);
  }

  @Override
  public void put(String client, String name, CredentialKind kind, Secret value) {
    if (value.reveal().isEmpty()) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot store credential "
          + client + "." + name + ": the value is empty");
    }
    byte[] ciphertext = cipher.encrypt(client, name, value);
    Map<String, String> names = Map.of("#client", "client", "#name", "name", "#kind", "kind",
        "#ciphertext", "ciphertext", "#keyId", "keyId", "#created", "createdAt", "#updated",
        "updatedAt");
    Map<String, AttributeValue> values = Map.of(":client", s(client), ":name", s(name),
        ":kind", s(kind.name()), ":ciphertext", b(ciphertext), ":keyId",
        s(cipher.keys().activeKeyId()), ":now", n(clock.millis()));
    try {
      table.client().updateItem(request -> request.tableName(table.name())
          .key(key(PARTITION, sort(client, name)))
          .updateExpression("SET #client = :client, #name = :name, #kind = :kind,"
              + " #ciphertext = :ciphertext, #keyId = :keyId, #updated = :now,"
              + " #created = if_not_exists(#created, :now)")
          .expressionAttributeNames(names).expressionAttributeValues(values));
    } catch (RuntimeException e) {
      throw table.failure("store credential " + client + "." + name, e);
    }
  }

  @Override
  public Secret putIfAbsent(String client, String name, CredentialKind kind, Secret value) {
    if (value.reveal().isEmpty()) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot store credential "
          + client + "." + name + ": the value is empty");
    }
    Map<String, AttributeValue> item = new HashMap<>(key(PARTITION, sort(client, name)));
    long now = clock.millis();
    item.putAll(Map.of("client", s(client), "name", s(name), "kind", s(kind.name()),
        "ciphertext", b(cipher.encrypt(client, name, value)),
        "keyId", s(cipher.keys().activeKeyId()), "createdAt", n(now), "updatedAt", n(now)));
    try {
      table.client().putItem(request -> request.tableName(table.name()).item(item)
          .conditionExpression("attribute_not_exists(#pk)")
          .expressionAttributeNames(Map.of("#pk", DynamoDbTables.PK)));
      return value;
    } catch (ConditionalCheckFailedException stored) {
      return get(client, name);
    } catch (RuntimeException e) {
      throw table.failure("store credential " + client + "." + name, e);
    }
  }

  @Override
  public List<CredentialInfo> list(String client) {
    Map<String, String> names = new HashMap<>(Map.of("#pk", DynamoDbTables.PK));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", s(PARTITION)));
    String condition = "#pk = :pk";
    if (client != null) {
      names.put("#sk", DynamoDbTables.SK);
      values.put(":client", s(join(client) + "|"));
      condition += " AND begins_with(#sk, :client)";
    }
    List<CredentialInfo> found = new ArrayList<>();
    try {
      table.client().queryPaginator(QueryRequest.builder().tableName(table.name())
          .consistentRead(true).keyConditionExpression(condition)
          // never read ciphertexts to list names
          .projectionExpression("#c, #n, #k, #created, #updated, #keyId")
          .expressionAttributeNames(withProjection(names)).expressionAttributeValues(values)
          .build())
          .items().forEach(item -> found.add(new CredentialInfo(string(item, "client"),
              string(item, "name"), CredentialKind.valueOf(string(item, "kind")),
              Instant.ofEpochMilli(number(item, "createdAt")),
              Instant.ofEpochMilli(number(item, "updatedAt")), string(item, "keyId"))));
    } catch (RuntimeException e) {
      throw table.failure("list credentials", e);
    }
    found.sort(Comparator.comparing(CredentialInfo::client).thenComparing(CredentialInfo::name));
    return found;
  }

  private static Map<String, String> withProjection(Map<String, String> names) {
    Map<String, String> all = new HashMap<>(names);
    all.putAll(Map.of("#c", "client", "#n", "name", "#k", "kind", "#created", "createdAt",
        "#updated", "updatedAt", "#keyId", "keyId"));
    return all;
  }

  @Override
  public boolean delete(String client, String name) {
    try {
      return table.client().deleteItem(request -> request.tableName(table.name())
          .key(key(PARTITION, sort(client, name))).returnValues(ReturnValue.ALL_OLD))
          .hasAttributes();
    } catch (RuntimeException e) {
      throw table.failure("delete credential " + client + "." + name, e);
    }
  }

  /**
   * Re-encrypts every credential under a new wrapping key, then retires the old key. Each item
   * is replaced only if its ciphertext is unchanged since it was read (a condition expression),
   * so a concurrent {@code put} is never lost; an interrupted rotation resumes with the same
   * new key when run again.
   *
   * @return how many credentials were re-encrypted by this call
   */
  @Override
  public int rotateKey() {
    String newKeyId = cipher.keys().beginRotation();
    int rotated = 0;
    for (CredentialInfo info : list(null)) {
      if (!info.keyId().equals(newKeyId)) {
        rotated += reencrypt(info, newKeyId) ? 1 : 0;
      }
    }
    long remaining = list(null).stream().filter(info -> !info.keyId().equals(newKeyId)).count();
    if (remaining > 0) {
      throw new ConfigurationException(ErrorCode.CREDENTIAL_UNREADABLE, "Cannot complete key"
          + " rotation: " + remaining + " credentials changed during it; run it again");
    }
    cipher.keys().completeRotation();
    return rotated;
  }

  private boolean reencrypt(CredentialInfo info, String newKeyId) {
    String action = "re-encrypt credential " + info.client() + "." + info.name();
    byte[] old;
    try {
      old = ciphertext(info.client(), info.name());
    } catch (RuntimeException e) {
      throw table.failure(action, e);
    }
    if (old == null) {
      return false;
    }
    try {
      byte[] fresh = cipher.encrypt(info.client(), info.name(),
          cipher.decrypt(info.client(), info.name(), old));
      table.client().updateItem(request -> request.tableName(table.name())
          .key(key(PARTITION, sort(info.client(), info.name())))
          .updateExpression("SET #ciphertext = :fresh, #keyId = :keyId")
          .conditionExpression("#ciphertext = :old")
          .expressionAttributeNames(Map.of("#ciphertext", "ciphertext", "#keyId", "keyId"))
          .expressionAttributeValues(Map.of(":fresh", b(fresh), ":keyId", s(newKeyId),
              ":old", b(old))));
      return true;
    } catch (ConditionalCheckFailedException changed) {
      return false;
    } catch (RuntimeException e) {
      throw table.failure(action, e);
    } finally {
      Arrays.fill(old, (byte) 0);
    }
  }

  /** The stored ciphertext, or null when there is no such credential. */
  private byte[] ciphertext(String client, String name) {
    Map<String, AttributeValue> item = table.client().getItem(request -> request
        .tableName(table.name()).key(key(PARTITION, sort(client, name))).consistentRead(true)
        .projectionExpression("#ciphertext")
        .expressionAttributeNames(Map.of("#ciphertext", "ciphertext"))).item();
    return item == null || item.isEmpty() ? null : item.get("ciphertext").b().asByteArray();
  }

  private static String sort(String client, String name) {
    return join(client, name);
  }
}
