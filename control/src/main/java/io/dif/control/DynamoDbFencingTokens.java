package io.dif.control;

import static io.dif.control.DynamoDbControlTable.join;
import static io.dif.control.DynamoDbControlTable.key;
import static io.dif.control.DynamoDbControlTable.n;
import static io.dif.control.DynamoDbControlTable.number;
import static io.dif.control.DynamoDbControlTable.s;

import io.dif.core.state.FencingTokens;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * {@link FencingTokens} on the DynamoDB control table ({@link DynamoDbTables}): an atomic
 * counter per lock ({@code ADD}), which DynamoDB applies one request at a time per item.
 *
 * <p>The counter of a stream's lock is created above the highest token in that stream's
 * checkpoints (a Scan, once per lock in the life of the table: checkpoints are keyed per run,
 * not per stream), so checkpoints written under an earlier counter never refuse a new run.
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
      return increment(lock, "ADD #token :one", "attribute_exists(#token)", Map.of());
    } catch (ConditionalCheckFailedException first) {
      // the first token of this lock: start above what the stream's checkpoints hold
      long floor;
      try {
        floor = StreamLockName.parse(lock).map(this::highestCheckpointToken).orElse(0L);
        return increment(lock, "SET #token = if_not_exists(#token, :floor) + :one", null,
            Map.of(":floor", n(floor)));
      } catch (RuntimeException e) {
        throw table.failure("take a fencing token for lock " + lock, e);
      }
    } catch (RuntimeException e) {
      throw table.failure("take a fencing token for lock " + lock, e);
    }
  }

  private long increment(String lock, String update, String condition,
      Map<String, AttributeValue> extra) {
    Map<String, AttributeValue> values = new HashMap<>(extra);
    values.put(":one", n(1));
    return number(table.client().updateItem(request -> request.tableName(table.name())
        .key(key(partition(lock), SORT)).updateExpression(update)
        .conditionExpression(condition)
        .expressionAttributeNames(Map.of("#token", "token"))
        .expressionAttributeValues(values)
        .returnValues(ReturnValue.UPDATED_NEW)).attributes(), "token");
  }

  private long highestCheckpointToken(StreamLockName stream) {
    // the partition keys of DynamoDbCheckpointStore: checkpoint|client|source|stream|partition
    String prefix = "checkpoint|" + join(stream.client(), stream.source(), stream.stream())
        + "|";
    return table.client().scanPaginator(ScanRequest.builder().tableName(table.name())
            .consistentRead(true).filterExpression("begins_with(#pk, :prefix)")
            .projectionExpression("#fencing")
            .expressionAttributeNames(Map.of("#pk", DynamoDbTables.PK, "#fencing",
                "fencingToken"))
            .expressionAttributeValues(Map.of(":prefix", s(prefix))).build())
        .items().stream()
        .map(item -> Optional.ofNullable(item.get("fencingToken")))
        .flatMap(Optional::stream)
        .mapToLong(value -> Long.parseLong(value.n())).max().orElse(0);
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
