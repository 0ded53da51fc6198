package io.dif.glue;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of the transform job, given the way Glue passes job parameters:
 * {@code --client acme --config s3://bucket/conf/acme.yaml --zones-root s3a://bucket/zones}
 * ({@code --key=value} works too). The arguments Glue adds itself ({@code --JOB_ID},
 * {@code --JOB_RUN_ID}, {@code --job-bookmark-option}, {@code --TempDir}, ...) and any other
 * unknown ones are ignored; a flag without a value is taken as an empty value.
 *
 * @param client client id; must match the {@code client} of the config file
 * @param dataset the dataset to transform; every dataset of the client when absent
 * @param config path or URI ({@code s3://}, {@code s3a://}, {@code file:}) of the client YAML
 * @param zonesRoot root of the zones: a local folder or an {@code s3a://} prefix
 * @param from first data date to transform (inclusive), all dates when absent
 * @param to last data date to transform (inclusive), all dates when absent
 */
record GlueArguments(String client, Optional<String> dataset, String config, String zonesRoot,
    Optional<LocalDate> from, Optional<LocalDate> to) {

  static GlueArguments parse(String... args) {
    Map<String, String> values = keyValues(args);
    List<String> missing = new ArrayList<>();
    for (String required : List.of("client", "config", "zones-root")) {
      if (values.getOrDefault(required, "").isBlank()) {
        missing.add("--" + required);
      }
    }
    if (!missing.isEmpty()) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot start the transform"
          + " job: missing argument" + (missing.size() == 1 ? "" : "s") + ": "
          + String.join(", ", missing));
    }
    return new GlueArguments(values.get("client"), optional(values, "dataset"),
        values.get("config"), values.get("zones-root"), date(values, "from"),
        date(values, "to"));
  }

  private static Map<String, String> keyValues(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        continue; // a stray value: nothing names it
      }
      String key = arg.substring(2);
      int equals = key.indexOf('=');
      if (equals >= 0) {
        values.put(key.substring(0, equals), key.substring(equals + 1).trim());
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        values.put(key, args[++i].trim());
      } else {
        values.put(key, "");
      }
    }
    return values;
  }

  private static Optional<String> optional(Map<String, String> values, String key) {
    String value = values.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<LocalDate> date(Map<String, String> values, String key) {
    Optional<String> value = optional(values, key);
    try {
      return value.map(LocalDate::parse);
    } catch (DateTimeParseException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot start the transform"
          + " job: --" + key + " must be a yyyy-MM-dd date: " + value.get());
    }
  }
}
