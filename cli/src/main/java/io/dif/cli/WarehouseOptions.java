package io.dif.cli;

import io.dif.pipeline.ProfileKey;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the warehouses of a load are (the embedded DuckDB file needs nothing): connections
 * belong to the deployment, never to client files, and passwords never to options.
 */
final class WarehouseOptions {
  @Option(names = "--postgres-url", paramLabel = "JDBC_URL",
      defaultValue = "${env:DIF_POSTGRES_URL}",
      description = "PostgreSQL warehouse for datasets with destination.warehouse: postgres, as"
          + " jdbc:postgresql://host:port/db (env DIF_POSTGRES_URL); user and password from"
          + " --warehouse-credential, else DIF_POSTGRES_USER and DIF_POSTGRES_PASSWORD.")
  String postgresUrl;

  @Option(names = "--redshift-url", paramLabel = "JDBC_URL",
      defaultValue = "${env:DIF_REDSHIFT_URL}",
      description = "Amazon Redshift warehouse, jdbc:redshift://host:5439/db or"
          + " jdbc:redshift:iam://… (env DIF_REDSHIFT_URL); needs zones on S3.")
  String redshiftUrl;

  @Option(names = "--redshift-iam-role", paramLabel = "ARN",
      defaultValue = "${env:DIF_REDSHIFT_IAM_ROLE}",
      description = "IAM role Redshift assumes to COPY from the curated zone"
          + " (env DIF_REDSHIFT_IAM_ROLE).")
  String redshiftIamRole;

  @Option(names = "--warehouse-credential", paramLabel = "NAME",
      defaultValue = "${env:DIF_WAREHOUSE_CREDENTIAL}",
      description = "Credential of client _deployment holding the warehouse's user:password"
          + " (dif secrets set --client _deployment; env DIF_WAREHOUSE_CREDENTIAL).")
  String warehouseCredential;

  void addTo(Map<ProfileKey, String> profile) {
    profile.put(ProfileKey.POSTGRES_URL, postgresUrl);
    profile.put(ProfileKey.REDSHIFT_URL, redshiftUrl);
    profile.put(ProfileKey.REDSHIFT_IAM_ROLE, redshiftIamRole);
    profile.put(ProfileKey.WAREHOUSE_CREDENTIAL, warehouseCredential);
  }
}
