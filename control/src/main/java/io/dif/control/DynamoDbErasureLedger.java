package io.dif.control;

import static io.dif.control.DynamoDbControlTable.join;
import static io.dif.control.DynamoDbControlTable.key;
import static io.dif.control.DynamoDbControlTable.s;
import static io.dif.control.DynamoDbControlTable.string;

import io.dif.core.state.ErasureLedger;
import io.dif.core.state.ErasureLedger.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Erasures on the DynamoDB control table ({@link DynamoDbTables}), one partition per client
 * ({@code pk = erasures|{client}}, {@code sk = {requestedAt}|{id}}, so a query lists them oldest
 * first); audit hashes and kept requests ({@code field=keyedHash}) as string lists.
 */
public final class DynamoDbErasureLedger implements ErasureLedger {
  private final DynamoDbControlTable table;

  public DynamoDbErasureLedger(DynamoDbClient client, String table) {
    this.table = new DynamoDbControlTable(client, table);
  }

  private static String partition(String client) {
    return join("erasures", client);
  }

  @Override
  public void started(Erasure erasure) {
    Map<String, AttributeValue> item = new HashMap<>(key(partition(erasure.client()),
        join(erasure.requestedAt().toString(), erasure.id())));
    item.put("id", s(erasure.id()));
    item.put("requestedBy", s(erasure.requestedBy()));
    item.put("requestedAt", s(erasure.requestedAt().toString()));
    item.put("auditHashes", strings(erasure.auditHashes()));
    item.put("requests", strings(erasure.requests().stream()
        .map(Request::entry).toList()));
    item.put("details", s(""));
    try {
      table.client().putItem(request -> request.tableName(table.name()).item(item));
    } catch (RuntimeException e) {
      throw table.failure("record the erasure " + erasure.id(), e);
    }
  }

  @Override
  public void done(String client, String id, String details, Instant at) {
    Optional<Erasure> erasure = erasures(client).stream().filter(e -> e.id().equals(id))
        .findFirst();
    if (erasure.isEmpty()) {
      return;
    }
    try {
      table.client().updateItem(request -> request.tableName(table.name())
          .key(key(partition(client), join(erasure.get().requestedAt().toString(), id)))
          .updateExpression("SET details = :details, finishedAt = :at")
          .expressionAttributeValues(Map.of(":details", s(details), ":at", s(at.toString()))));
    } catch (RuntimeException e) {
      throw table.failure("record the end of the erasure " + id, e);
    }
  }

  @Override
  public List<Erasure> erasures(String client) {
    List<Erasure> erasures = new ArrayList<>();
    try {
      table.client().queryPaginator(QueryRequest.builder().tableName(table.name())
          .consistentRead(true).keyConditionExpression("#pk = :pk")
          .expressionAttributeNames(Map.of("#pk", DynamoDbTables.PK))
          .expressionAttributeValues(Map.of(":pk", s(partition(client)))).build())
          .items().forEach(item -> erasures.add(new Erasure(string(item, "id"), client,
              string(item, "requestedBy"), Instant.parse(string(item, "requestedAt")),
              list(item, "auditHashes"), list(item, "requests").stream()
                  .map(Request::parse).toList(), string(item, "details"),
              Optional.ofNullable(item.get("finishedAt")).map(AttributeValue::s)
                  .map(Instant::parse))));
    } catch (RuntimeException e) {
      throw table.failure("read the erasures of client " + client, e);
    }
    return erasures;
  }

  /** A list attribute of strings ({@code L}: DynamoDB refuses an empty string set). */
  private static AttributeValue strings(List<String> values) {
    return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
  }

  private static List<String> list(Map<String, AttributeValue> item, String attribute) {
    AttributeValue value = item.get(attribute);
    return value == null || !value.hasL() ? List.of()
        : value.l().stream().map(AttributeValue::s).toList();
  }
}
