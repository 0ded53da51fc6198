package io.dif.control;

import static io.dif.control.DynamoDbControlTable.join;
import static io.dif.control.DynamoDbControlTable.key;
import static io.dif.control.DynamoDbControlTable.n;
import static io.dif.control.DynamoDbControlTable.number;

import io.dif.core.state.FencingTokens;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link FencingTokens} on the DynamoDB control table ({@link DynamoDbTables}): an atomic
 * counter per lock ({@code ADD}), which DynamoDB applies one request at a time per item.
 */
public final class DynamoDbFencingTokens implements FencingTokens {
  private static final String SORT = "token";

  private final DynamoDbControlTable table;

  public DynamoDbFencingTokens(DynamoDbClient client, String table) {
    this.table = new DynamoDbControlTable(client, table);
  }

  @Override
  public long next(String lock) {
    try {
      // the SDK may resend a request whose reply was lost: that skips a number, never repeats one
      return number(table.client().updateItem(request -> request.tableName(table.name())
          .key(key(partition(lock), SORT)).updateExpression("ADD #token :one")
          .expressionAttributeNames(Map.of("#token", "token"))
          .expressionAttributeValues(Map.of(":one", n(1)))
          .returnValues(ReturnValue.UPDATED_NEW)).attributes(), "token");
    } catch (RuntimeException e) {
      throw table.failure("take a fencing token for lock " + lock, e);
    }
  }

  @Override
  public long current(String lock) {
    try {
      Map<String, AttributeValue> item = table.client().getItem(request -> request
          .tableName(table.name()).key(key(partition(lock), SORT)).consistentRead(true)).item();
      return item == null || item.isEmpty() ? 0 : number(item, "token");
    } catch (RuntimeException e) {
      throw table.failure("read the fencing token of lock " + lock, e);
    }
  }

  private static String partition(String lock) {
    return "lock|" + join(lock);
  }
}
