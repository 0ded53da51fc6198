package io.dif.control;

import static io.dif.control.DynamoDbControlTable.join;
import static io.dif.control.DynamoDbControlTable.key;
import static io.dif.control.DynamoDbControlTable.n;
import static io.dif.control.DynamoDbControlTable.number;
import static io.dif.control.DynamoDbControlTable.s;
import static io.dif.control.DynamoDbControlTable.string;

import io.dif.core.state.Checkpoint;
import io.dif.core.state.CheckpointKey;
import io.dif.core.state.CheckpointStore;
import io.dif.core.state.StateConflictException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link CheckpointStore} on the DynamoDB control table ({@link DynamoDbTables}): one item per
 * checkpoint, replaced only if the stored fencing token is not higher (a condition expression,
 * so the check and the write are one atomic step).
 */
public final class DynamoDbCheckpointStore implements CheckpointStore {
  private static final String SORT = "checkpoint";

  private final DynamoDbControlTable table;
  private final Clock clock;

  public DynamoDbCheckpointStore(DynamoDbClient client, String table, Clock clock) {
    this.table = new DynamoDbControlTable(client, table);
    this.clock = clock;
  }

  @Override
  public Optional<Checkpoint> checkpoint(CheckpointKey key) {
    try {
      return read(key);
    } catch (RuntimeException e) {
      throw table.failure("read checkpoint " + key, e);
    }
  }

  @Override
  public Checkpoint save(Checkpoint checkpoint) {
    CheckpointKey key = checkpoint.key();
    Checkpoint saved = new Checkpoint(key, checkpoint.windowStart(), checkpoint.windowEnd(),
        checkpoint.pageToken(), checkpoint.reportIds(), checkpoint.runId(),
        checkpoint.fencingToken(), clock.instant());
    Map<String, AttributeValue> item = new HashMap<>(key(partition(key), SORT));
    if (saved.windowStart() != null) {
      item.put("windowStart", s(saved.windowStart().toString()));
    }
    if (saved.windowEnd() != null) {
      item.put("windowEnd", s(saved.windowEnd().toString()));
    }
    saved.pageToken().ifPresent(token -> item.put("pageToken", s(token)));
    item.put("reportIds", AttributeValue.fromL(saved.reportIds().stream()
        .map(DynamoDbControlTable::s).toList()));
    item.put("runId", s(saved.runId()));
    item.put("fencingToken", n(saved.fencingToken()));
    item.put("updatedAt", n(saved.updatedAt().toEpochMilli()));
    try {
      table.client().putItem(request -> request.tableName(table.name()).item(item)
          .conditionExpression("attribute_not_exists(#pk) OR #fencing <= :fencing")
          .expressionAttributeNames(Map.of("#pk", DynamoDbTables.PK, "#fencing",
              "fencingToken"))
          .expressionAttributeValues(Map.of(":fencing", n(saved.fencingToken()))));
      return saved;
    } catch (ConditionalCheckFailedException e) {
      String holder = read(key).map(current -> " than " + current.fencingToken() + " of run "
          + current.runId()).orElse(" than the stored one");
      throw new StateConflictException("Cannot save checkpoint " + key + " of run "
          + checkpoint.runId() + ": fencing token " + checkpoint.fencingToken() + " is older"
          + holder + "; the run lock was taken over");
    } catch (RuntimeException e) {
      throw table.failure("save checkpoint " + key, e);
    }
  }

  @Override
  public boolean clear(CheckpointKey key) {
    try {
      return table.client().deleteItem(request -> request.tableName(table.name())
          .key(key(partition(key), SORT)).returnValues(ReturnValue.ALL_OLD)).hasAttributes();
    } catch (RuntimeException e) {
      throw table.failure("clear checkpoint " + key, e);
    }
  }

  private Optional<Checkpoint> read(CheckpointKey key) {
    Map<String, AttributeValue> item = table.client().getItem(request -> request
        .tableName(table.name()).key(key(partition(key), SORT)).consistentRead(true)).item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    List<String> reportIds = item.get("reportIds").l().stream().map(AttributeValue::s).toList();
    return Optional.of(new Checkpoint(key, date(string(item, "windowStart")),
        date(string(item, "windowEnd")), Optional.ofNullable(string(item, "pageToken")),
        reportIds, string(item, "runId"), number(item, "fencingToken"),
        Instant.ofEpochMilli(number(item, "updatedAt"))));
  }

  private static String partition(CheckpointKey key) {
    return "checkpoint|" + join(key.client(), key.source(), key.stream(), key.partition());
  }

  private static LocalDate date(String text) {
    return text == null ? null : LocalDate.parse(text);
  }
}
