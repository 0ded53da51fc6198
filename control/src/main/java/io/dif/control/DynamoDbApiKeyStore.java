package io.dif.control;

import static io.dif.control.DynamoDbControlTable.key;
import static io.dif.control.DynamoDbControlTable.n;
import static io.dif.control.DynamoDbControlTable.number;
import static io.dif.control.DynamoDbControlTable.s;
import static io.dif.control.DynamoDbControlTable.string;

import io.dif.core.apikey.ApiKey;
import io.dif.core.apikey.ApiKeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * API key hashes on the DynamoDB control table ({@link DynamoDbTables}), in one partition
 * ({@code pk = api-keys}, {@code sk = {id}}): keys are few, a get finds one by the id the key
 * carries and a query lists them all.
 */
public final class DynamoDbApiKeyStore implements ApiKeyStore {
  private static final String PARTITION = "api-keys";
  private final DynamoDbControlTable table;

  public DynamoDbApiKeyStore(DynamoDbClient client, String table) {
    this.table = new DynamoDbControlTable(client, table);
  }

  @Override
  public void create(ApiKey apiKey) {
    Map<String, AttributeValue> item = new HashMap<>(key(PARTITION, apiKey.id()));
    item.putAll(Map.of("id", s(apiKey.id()), "client", s(apiKey.client()), "source",
        s(apiKey.source()), "hash", s(apiKey.hash()), "createdAt",
        n(apiKey.createdAt().toEpochMilli())));
    apiKey.lastUsedAt().ifPresent(at -> item.put("lastUsedAt", n(at.toEpochMilli())));
    apiKey.revokedAt().ifPresent(at -> item.put("revokedAt", n(at.toEpochMilli())));
    try {
      table.client().putItem(request -> request.tableName(table.name()).item(item)
          .conditionExpression("attribute_not_exists(#pk)")
          .expressionAttributeNames(Map.of("#pk", DynamoDbTables.PK)));
    } catch (ConditionalCheckFailedException stored) {
      throw new IllegalStateException("API key id " + apiKey.id() + " is stored already");
    } catch (RuntimeException e) {
      throw table.failure("store API key " + apiKey.id(), e);
    }
  }

  @Override
  public Optional<ApiKey> find(String id) {
    try {
      Map<String, AttributeValue> item = table.client().getItem(request -> request
          .tableName(table.name()).key(key(PARTITION, id)).consistentRead(true)).item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    } catch (RuntimeException e) {
      throw table.failure("read API key " + id, e);
    }
  }

  @Override
  public List<ApiKey> list(Optional<String> client) {
    List<ApiKey> keys = new ArrayList<>();
    try {
      table.client().queryPaginator(QueryRequest.builder().tableName(table.name())
          .consistentRead(true).keyConditionExpression("#pk = :pk")
          .expressionAttributeNames(Map.of("#pk", DynamoDbTables.PK))
          .expressionAttributeValues(Map.of(":pk", s(PARTITION))).build())
          .items().forEach(item -> keys.add(read(item)));
    } catch (RuntimeException e) {
      throw table.failure("list API keys", e);
    }
    return keys.stream().filter(k -> client.map(k.client()::equals).orElse(true))
        .sorted(Comparator.comparing(ApiKey::client).thenComparing(ApiKey::source)
            .thenComparing(ApiKey::createdAt).thenComparing(ApiKey::id))
        .toList();
  }

  @Override
  public boolean revoke(String id, Instant at) {
    try {
      table.client().updateItem(request -> request.tableName(table.name())
          .key(key(PARTITION, id))
          .updateExpression("SET #revoked = if_not_exists(#revoked, :at)")
          .conditionExpression("attribute_exists(#pk)")
          .expressionAttributeNames(Map.of("#revoked", "revokedAt", "#pk", DynamoDbTables.PK))
          .expressionAttributeValues(Map.of(":at", n(at.toEpochMilli()))));
      return true;
    } catch (ConditionalCheckFailedException missing) {
      return false;
    } catch (RuntimeException e) {
      throw table.failure("revoke API key " + id, e);
    }
  }

  @Override
  public void touch(String id, Instant at) {
    try {
      table.client().updateItem(request -> request.tableName(table.name())
          .key(key(PARTITION, id))
          .updateExpression("SET #used = :at")
          .conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#used)"
              + " OR #used < :at)")
          .expressionAttributeNames(Map.of("#used", "lastUsedAt", "#pk", DynamoDbTables.PK))
          .expressionAttributeValues(Map.of(":at", n(at.toEpochMilli()))));
    } catch (ConditionalCheckFailedException olderOrMissing) {
      // a later use is recorded already, or the key is gone: nothing to do
    } catch (RuntimeException e) {
      throw table.failure("record the use of API key " + id, e);
    }
  }

  private static ApiKey read(Map<String, AttributeValue> item) {
    return new ApiKey(string(item, "id"), string(item, "client"), string(item, "source"),
        string(item, "hash"), Instant.ofEpochMilli(number(item, "createdAt")),
        optional(item, "lastUsedAt"), optional(item, "revokedAt"));
  }

  private static Optional<Instant> optional(Map<String, AttributeValue> item, String name) {
    return item.containsKey(name) ? Optional.of(Instant.ofEpochMilli(number(item, name)))
        : Optional.empty();
  }
}
