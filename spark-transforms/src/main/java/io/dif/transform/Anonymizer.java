package io.dif.transform;

import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_seconds;

import io.dif.core.config.AnonymizeConfig;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.ColumnConfig;
import io.dif.core.config.ColumnType;
import io.dif.core.config.DatasetConfig;
import io.dif.core.config.Generalization;
import io.dif.core.credential.CredentialKind;
import io.dif.core.credential.CredentialStore;
import io.dif.core.credential.Secret;
import io.dif.core.credential.WritableCredentialStore;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * The anonymization of a dataset's personal-data columns ({@code anonymize} in the config), as
 * Spark columns: the value of each such column, the same in curated data and in the quarantined
 * records (which hold only what the columns read), computed by {@link PersonalData}. HMAC keys come from the credential store and
 * travel only inside the functions (never as literals, which plans and logs print).
 */
final class Anonymizer {
  private final Map<String, byte[]> keys;
  private final PersonalData personalData;

  private Anonymizer(Map<String, byte[]> keys, PersonalData personalData) {
    this.keys = keys;
    this.personalData = personalData;
  }

  /**
   * The anonymizer of a dataset.
   *
   * @throws ConfigurationException when a column needs a key and there is no credential store
   */
  static Anonymizer of(ClientConfig client, DatasetConfig dataset,
      Optional<CredentialStore> credentials, String subject) {
    Map<String, byte[]> keys = new HashMap<>();
    List<PersonalData.Field> fields = new ArrayList<>();
    for (ColumnConfig column : dataset.columns()) {
      if (column.anonymize().isEmpty()) {
        continue;
      }
      AnonymizeConfig anonymize = column.anonymize().get();
      byte[] key = null;
      if (anonymize.method() == io.dif.core.config.AnonymizeMethod.HMAC_SHA256) {
        if (credentials.isEmpty()) {
          throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot transform dataset "
              + subject + ": column " + column.name() + " is anonymized with hmac_sha256, whose"
              + " key comes from the credential store: give the transform a CredentialStore: "
              + anonymize.key());
        }
        key = keys.computeIfAbsent(anonymize.key(), name -> key(client, dataset,
            credentials.get(), name));
      }
      fields.add(PersonalData.Field.of(column.sourceField(), anonymize, key));
    }
    return new Anonymizer(keys, new PersonalData(fields));
  }

  /**
   * The HMAC key. A dataset of a sandbox source (the demo) gets a random key stored on first use,
   * put-if-absent as the sandbox token is, so the demo needs no setup; any other client's key
   * must be stored by an operator ({@code dif secrets put}): a key made up silently would change
   * every hash when it is lost.
   */
  private static byte[] key(ClientConfig client, DatasetConfig dataset,
      CredentialStore credentials, String name) {
    boolean sandbox = client.sources().get(dataset.from().source()) != null
        && client.sources().get(dataset.from().source()).sandbox().isPresent();
    if (sandbox && credentials instanceof WritableCredentialStore writable
        && writable.list(client.client()).stream().noneMatch(info -> info.name().equals(name))) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      return writable.putIfAbsent(client.client(), name, CredentialKind.API_KEY,
          Secret.of(HexFormat.of().formatHex(random))).reveal().getBytes(StandardCharsets.UTF_8);
    }
    return credentials.get(client.client(), name).reveal().getBytes(StandardCharsets.UTF_8);
  }

  boolean isEmpty() {
    return personalData.isEmpty();
  }

  /** The value a column has in curated data: its typed value, anonymized when configured. */
  Column curated(ColumnConfig column, Column typed) {
    if (column.anonymize().isEmpty()) {
      return typed;
    }
    AnonymizeConfig anonymize = column.anonymize().get();
    return switch (anonymize.method()) {
      case HMAC_SHA256 -> {
        byte[] key = keys.get(anonymize.key());
        yield udf((UDF1<String, String>) value -> PersonalData.hmac(key, value),
            DataTypes.StringType).apply(typed);
      }
      case MASK -> {
        int keepLast = anonymize.keepLast();
        yield udf((UDF1<String, String>) value -> PersonalData.mask(value, keepLast),
            DataTypes.StringType).apply(typed);
      }
      case DROP -> lit(null).cast(sqlType(column.type()));
      case GENERALIZE -> generalized(column, anonymize, typed);
    };
  }

  /**
   * The anonymous form of a personal-data column's stored value ({@code dif retention run}):
   * null for {@code hmac_sha256} (a keyed hash is pseudonymous while the key exists) and
   * {@code drop}; the rule applied again for {@code mask} and {@code generalize}, which leaves
   * values curated under the rule as they are.
   */
  static Column anonymous(ColumnConfig column, Column stored) {
    AnonymizeConfig anonymize = column.anonymize().orElseThrow();
    return switch (anonymize.method()) {
      case HMAC_SHA256, DROP -> lit(null).cast(sqlType(column.type()));
      case MASK -> {
        int keepLast = anonymize.keepLast();
        yield udf((UDF1<String, String>) value -> PersonalData.mask(value, keepLast),
            DataTypes.StringType).apply(stored);
      }
      case GENERALIZE -> generalized(column, anonymize, stored);
    };
  }

  private static String sqlType(ColumnType type) {
    return switch (type.kind()) {
      case DECIMAL -> "decimal(" + type.precision() + "," + type.scale() + ")";
      case LONG -> "bigint";
      default -> type.toString();
    };
  }

  private static Column generalized(ColumnConfig column, AnonymizeConfig anonymize,
      Column typed) {
    Generalization generalization = anonymize.generalize().orElseThrow();
    return switch (generalization) {
      case MONTH -> column.type().kind() == ColumnType.Kind.DATE
          ? trunc(typed, "month")
          // the UTC month, whatever the session time zone
          : timestamp_seconds(unix_date(trunc(date_from_unix_date(
              floor(unix_seconds(typed).divide(86_400)).cast("int")), "month"))
              .cast("long").multiply(86_400));
      case IP_24 -> udf((UDF1<String, String>) PersonalData::network, DataTypes.StringType)
          .apply(typed);
      case TRUNCATE -> substring(typed, 1, anonymize.length());
    };
  }
}
