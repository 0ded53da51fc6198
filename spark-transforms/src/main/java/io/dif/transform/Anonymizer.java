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
import io.dif.core.credential.CredentialStore;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
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
        key = keys.computeIfAbsent(anonymize.key(), name -> credentials.get()
            .get(client.client(), name).reveal().getBytes(StandardCharsets.UTF_8));
      }
      fields.add(PersonalData.Field.of(column.sourceField(), anonymize, key));
    }
    return new Anonymizer(keys, new PersonalData(fields));
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
