package io.dif.glue;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.pipeline.DeploymentProfile;
import io.dif.pipeline.ProfileKey;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of a stage job, given the way Glue passes job parameters and
 * {@code spark-submit} passes program arguments: {@code --client acme --zones-root s3://b/zones
 * --control-store dynamodb:dif-control?region=eu-west-1} ({@code --key=value} works too). The
 * deployment profile's settings ({@link ProfileKey}) fall back to their {@code DIF_*}
 * environment variables. The arguments Glue adds itself ({@code --JOB_ID}, {@code --JOB_RUN_ID},
 * {@code --job-bookmark-option}, {@code --TempDir}, ...) are ignored; a flag without a value is
 * taken as an empty value.
 *
 * @param client the client (required)
 * @param dataset only this dataset; every dataset of the client when absent
 * @param from first data date (inclusive)
 * @param to last data date (inclusive)
 * @param reprocess transform every committed date of from..to again (backfills)
 * @param lockWait how long to wait for another run of the client before exiting 75
 * @param onGlue whether Glue started the job (it passes {@code --JOB_RUN_ID})
 * @param glueTempDir Glue's temporary folder ({@code --TempDir}), for the Redshift connector
 * @param profile the deployment profile
 */
record JobArguments(String client, Optional<String> dataset, Optional<LocalDate> from,
    Optional<LocalDate> to, boolean reprocess, Duration lockWait, boolean onGlue,
    Optional<String> glueTempDir, DeploymentProfile profile) {

  static JobArguments parse(Map<String, String> environment, String... args) {
    Map<String, String> values = keyValues(args);
    String client = values.getOrDefault("client", "");
    if (client.isBlank()) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot start the job: missing"
          + " argument --client");
    }
    Map<ProfileKey, String> profile = new EnumMap<>(ProfileKey.class);
    for (ProfileKey key : ProfileKey.values()) {
      String value = values.get(key.argument());
      profile.put(key, value != null && !value.isBlank() ? value
          : environment.get(key.environmentVariable()));
    }
    String reprocess = values.getOrDefault("reprocess", "false");
    if (!reprocess.isEmpty() && !reprocess.equals("true") && !reprocess.equals("false")) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot start the job:"
          + " --reprocess must be true or false, not " + reprocess);
    }
    return new JobArguments(client, optional(values, "dataset"), date(values, "from"),
        date(values, "to"), !reprocess.equals("false"), lockWait(values),
        values.containsKey("JOB_RUN_ID") || values.containsKey("JOB_ID"),
        optional(values, "TempDir"), DeploymentProfile.of(profile));
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
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot start the job: --"
          + key + " must be a yyyy-MM-dd date: " + value.get());
    }
  }

  private static Duration lockWait(Map<String, String> values) {
    Optional<String> value = optional(values, "lock-wait");
    try {
      Duration wait = value.map(Duration::parse).orElse(Duration.ZERO);
      if (wait.isNegative()) {
        throw new DateTimeParseException("negative", value.get(), 0);
      }
      return wait;
    } catch (DateTimeParseException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot start the job:"
          + " --lock-wait must be a non-negative ISO-8601 duration such as PT10M: "
          + value.get());
    }
  }
}
