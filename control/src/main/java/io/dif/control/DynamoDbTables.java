package io.dif.control;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one DynamoDB table of the control store: document states and their transitions,
 * checkpoints, fencing tokens and encrypted credentials, told apart by their partition key.
 *
 * <pre>
 * item              pk                                                   sk
 * document (head)   doc|{client}|{source}|{stream}|{date}|{run}|{name}    head
 * transition        doc|{client}|{source}|{stream}|{date}|{run}|{name}    v|{version, 20 digits}
 * checkpoint        checkpoint|{client}|{source}|{stream}|{partition}    checkpoint
 * fencing token     lock|{lock}                                          token
 * credential        credentials                                          {client}|{name}
 * API key hash      api-keys                                             {id}
 * </pre>
 * Key parts are escaped ({@code %} and {@code |}), so distinct parts never make the same key.
 * Two global secondary indexes hold only document heads (sparse: other items lack their keys),
 * sorted by {@code docOrder} = {@code {date}|{source}|{stream}|{run}|{name}}:
 * {@value #BY_CLIENT} on {@code docClient} = client, and {@value #BY_CLIENT_STATE} on
 * {@code docClientState} = {@code {client}|{state}}. Both project all attributes.
 *
 * <p>Terraform declares the same table ({@code hash_key = "pk"}, {@code range_key = "sk"}, the
 * five string attributes and two GSIs above, PAY_PER_REQUEST); {@link #create} is for tests and
 * local setups.
 */
public final class DynamoDbTables {
  public static final String BY_CLIENT = "by-client";
  public static final String BY_CLIENT_STATE = "by-client-state";

  static final String PK = "pk";
  static final String SK = "sk";
  static final String DOC_CLIENT = "docClient";
  static final String DOC_CLIENT_STATE = "docClientState";
  static final String DOC_ORDER = "docOrder";

  private DynamoDbTables() {
  }

  /** Creates the table and waits until it is active; an existing table is left as it is. */
  public static void create(DynamoDbClient client, String table) {
    try {
      client.createTable(CreateTableRequest.builder()
          .tableName(table)
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(string(PK), string(SK), string(DOC_CLIENT),
              string(DOC_CLIENT_STATE), string(DOC_ORDER))
          .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
          .globalSecondaryIndexes(index(BY_CLIENT, DOC_CLIENT), index(BY_CLIENT_STATE,
              DOC_CLIENT_STATE))
          .build());
    } catch (ResourceInUseException exists) {
      // created earlier (or by another process right now): wait for it below
    } catch (RuntimeException e) {
      throw DynamoDbControlTable.failure("create table " + table, table, e);
    }
    // the SDK's default waiter polls every 20 seconds; a new table is usually active sooner
    try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client)
        .overrideConfiguration(WaiterOverrideConfiguration.builder().maxAttempts(1200)
            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(250))).build())
        .build()) {
      waiter.waitUntilTableExists(request -> request.tableName(table));
    } catch (RuntimeException e) {
      throw DynamoDbControlTable.failure("wait for table " + table + " to become active", table,
          e);
    }
  }

  private static GlobalSecondaryIndex index(String name, String partitionKey) {
    return GlobalSecondaryIndex.builder().indexName(name)
        .keySchema(List.of(key(partitionKey, KeyType.HASH), key(DOC_ORDER, KeyType.RANGE)))
        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
        .build();
  }

  private static AttributeDefinition string(String name) {
    return AttributeDefinition.builder().attributeName(name)
        .attributeType(ScalarAttributeType.S).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
