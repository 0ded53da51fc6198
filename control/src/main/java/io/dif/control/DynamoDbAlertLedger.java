package io.dif.control;

import static io.dif.control.DynamoDbControlTable.join;
import static io.dif.control.DynamoDbControlTable.key;
import static io.dif.control.DynamoDbControlTable.n;
import static io.dif.control.DynamoDbControlTable.number;
import static io.dif.control.DynamoDbControlTable.s;
import static io.dif.control.DynamoDbControlTable.string;

import io.dif.core.alert.AlertKey;
import io.dif.core.alert.AlertLedger;
import io.dif.core.alert.OpenAlert;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * Open alerts on the DynamoDB control table ({@link DynamoDbTables}), one partition per client
 * ({@code pk = alerts|{client}}, {@code sk = {subject}|{day}|{code}}): a conditional put opens an
 * alert once however many processes meet the problem, a query lists the client's.
 */
public final class DynamoDbAlertLedger implements AlertLedger {
  private final DynamoDbControlTable table;

  public DynamoDbAlertLedger(DynamoDbClient client, String table) {
    this.table = new DynamoDbControlTable(client, table);
  }

  private static String partition(String client) {
    return join("alerts", client);
  }

  private static Map<String, AttributeValue> itemKey(AlertKey key) {
    return key(partition(key.client()), join(key.subject(), key.day().toString(), key.code()));
  }

  @Override
  public boolean open(OpenAlert alert) {
    AlertKey key = alert.key();
    Map<String, AttributeValue> item = new HashMap<>(itemKey(key));
    item.putAll(Map.of("subject", s(key.subject()), "day", s(key.day().toString()), "code",
        s(key.code()), "message", s(alert.message()), "openedAt",
        n(alert.openedAt().toEpochMilli())));
    try {
      table.client().putItem(request -> request.tableName(table.name()).item(item)
          .conditionExpression("attribute_not_exists(#pk)")
          .expressionAttributeNames(Map.of("#pk", DynamoDbTables.PK)));
      return true;
    } catch (ConditionalCheckFailedException open) {
      return false;
    } catch (RuntimeException e) {
      throw table.failure("record alert of client " + key.client(), e);
    }
  }

  @Override
  public List<OpenAlert> open(String client) {
    List<OpenAlert> alerts = new ArrayList<>();
    try {
      table.client().queryPaginator(QueryRequest.builder().tableName(table.name())
          .consistentRead(true).keyConditionExpression("#pk = :pk")
          .expressionAttributeNames(Map.of("#pk", DynamoDbTables.PK))
          .expressionAttributeValues(Map.of(":pk", s(partition(client)))).build())
          .items().forEach(item -> alerts.add(new OpenAlert(new AlertKey(client,
              string(item, "subject"), LocalDate.parse(string(item, "day")),
              string(item, "code")), string(item, "message"),
              Instant.ofEpochMilli(number(item, "openedAt")))));
    } catch (RuntimeException e) {
      throw table.failure("read open alerts of client " + client, e);
    }
    alerts.sort(Comparator.comparing(OpenAlert::openedAt)
        .thenComparing(alert -> alert.key().subject())
        .thenComparing(alert -> alert.key().day()).thenComparing(alert -> alert.key().code()));
    return alerts;
  }

  @Override
  public boolean resolve(AlertKey key) {
    try {
      Map<String, AttributeValue> old = table.client().deleteItem(request -> request
          .tableName(table.name()).key(itemKey(key)).returnValues(ReturnValue.ALL_OLD))
          .attributes();
      return old != null && !old.isEmpty();
    } catch (RuntimeException e) {
      throw table.failure("resolve alert of client " + key.client(), e);
    }
  }
}
