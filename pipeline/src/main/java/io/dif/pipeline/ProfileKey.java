package io.dif.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings of a deployment profile. Each has one name, given as a CLI option or a Glue /
 * spark-submit argument ({@code --zones-root s3://b/p}) or as an environment variable of the
 * same name ({@code DIF_ZONES_ROOT}, for the container). An argument wins over the environment.
 */
public enum ProfileKey {
  DATA_DIR("data-dir", "local working folder: logs, local locks, the embedded control store,"
      + " key file and DuckDB warehouse (default: data)"),
  ZONES_ROOT("zones-root", "root of the raw, curated and quarantine zones: a local folder or"
      + " s3://bucket/prefix (default: the data folder)"),
  CONF_DIR("conf-dir", "folder of client YAML files: a local folder or s3://bucket/prefix"
      + " (default: conf/clients)"),
  CATALOG("catalog", "catalog of the curated Iceberg tables: local (a SQLite file in the data"
      + " folder), jdbc:URL, or glue (the AWS Glue Data Catalog)"),
  CONTROL_STORE("control-store", "document states, checkpoints and encrypted credentials:"
      + " sqlite:FILE (default: sqlite:<data-dir>/control.db) or"
      + " dynamodb:TABLE[?region=R&endpoint=URL]"),
  KEY_FILE("key-file", "local AES key that wraps credential keys"
      + " (default: <data-dir>/keys/credentials.key)"),
  KMS_KEY_ID("kms-key-id", "AWS KMS key (ARN) that wraps credential keys instead of the key file"),
  REDIS_URL("redis-url", "Redis for rate limits and run locks shared by every worker,"
      + " redis://host:port or rediss://:token@host:port"),
  LOCK_LEASE("lock-lease", "how long a run lock held in Redis outlives a worker that stopped"
      + " renewing it (killed): an ISO-8601 duration of at least PT3S, default PT60S"),
  REDIS_URL_SECRET("redis-url-secret", "AWS Secrets Manager secret (ARN) whose value is the"
      + " Redis URL, for runtimes whose arguments are logged (Glue)"),
  S3_ENDPOINT("s3-endpoint", "S3 endpoint override with path-style access (S3-compatible"
      + " servers and emulators only; AWS needs none)"),
  POSTGRES_URL("postgres-url", "PostgreSQL warehouse, jdbc:postgresql://host:port/db"),
  REDSHIFT_URL("redshift-url", "Amazon Redshift warehouse, jdbc:redshift://host:5439/db"),
  REDSHIFT_IAM_ROLE("redshift-iam-role", "IAM role (ARN) Redshift assumes for COPY from the"
      + " curated zone"),
  REDSHIFT_WRITE("redshift-write", "how the Redshift load writes: copy (COPY from the curated"
      + " files, default) or connector (the spark-redshift connector Glue and EMR ship)"),
  WAREHOUSE_CREDENTIAL("warehouse-credential", "credential in the encrypted store (of client"
      + " _deployment) holding the warehouse's user:password; without it the user comes from"
      + " IAM (Redshift) or DIF_POSTGRES_USER / DIF_POSTGRES_PASSWORD (PostgreSQL)"),
  ALERT_TARGET("alert-target", "where alerts go: log, webhook:CREDENTIAL, sns:TOPIC_ARN or"
      + " ses:TO[,TO]?from=FROM&region=REGION");

  private final String argument;
  private final String description;

  ProfileKey(String argument, String description) {
    this.argument = argument;
    this.description = description;
  }

  /** The argument name without dashes: {@code zones-root}. */
  public String argument() {
    return argument;
  }

  /** The environment variable: {@code DIF_ZONES_ROOT}. */
  public String environmentVariable() {
    return "DIF_" + argument.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  public String description() {
    return description;
  }

  public static Optional<ProfileKey> forArgument(String argument) {
    return Arrays.stream(values()).filter(key -> key.argument.equals(argument)).findFirst();
  }
}
