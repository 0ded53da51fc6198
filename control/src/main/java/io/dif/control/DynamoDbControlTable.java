package io.dif.control;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The control table ({@link DynamoDbTables}) as the DynamoDB stores use it: keys, values, errors. */
final class DynamoDbControlTable {
  private final DynamoDbClient client;
  private final String name;

  DynamoDbControlTable(DynamoDbClient client, String name) {
    this.client = Objects.requireNonNull(client, "client");
    this.name = Objects.requireNonNull(name, "name");
  }

  DynamoDbClient client() {
    return client;
  }

  String name() {
    return name;
  }

  /** The item key {@code pk}, {@code sk}. */
  static Map<String, AttributeValue> key(String partition, String sort) {
    return Map.of(DynamoDbTables.PK, s(partition), DynamoDbTables.SK, s(sort));
  }

  /** Key parts joined by {@code |}, each escaped so that different parts give different keys. */
  static String join(String... parts) {
    StringBuilder joined = new StringBuilder();
    for (String part : parts) {
      if (joined.length() > 0) {
        joined.append('|');
      }
      joined.append(part.replace("%", "%25").replace("|", "%7C"));
    }
    return joined.toString();
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static AttributeValue b(byte[] value) {
    return AttributeValue.fromB(SdkBytes.fromByteArray(value));
  }

  static String string(Map<String, AttributeValue> item, String attribute) {
    AttributeValue value = item.get(attribute);
    return value == null || value.nul() != null && value.nul() ? null : value.s();
  }

  static long number(Map<String, AttributeValue> item, String attribute) {
    return Long.parseLong(item.get(attribute).n());
  }

  DifException failure(String action, RuntimeException e) {
    return failure(action, name, e);
  }

  /**
   * A missing table is a configuration error; anything else from DynamoDB (throttling, network,
   * a server error the SDK gave up retrying) may pass. The SDK's messages carry request ids and
   * key names, never attribute values.
   */
  static DifException failure(String action, String table, RuntimeException e) {
    if (e instanceof DifException known) {
      return known;
    }
    if (e instanceof ResourceNotFoundException) {
      return new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot " + action
          + ": DynamoDB table " + table + " does not exist; create it (terraform/, or"
          + " DynamoDbTables.create for local setups)");
    }
    return new RetriableException(ErrorCode.CONTROL_STORE_FAILED, "Cannot " + action
        + ": DynamoDB table " + table + ": " + e.getMessage(), e);
  }
}
