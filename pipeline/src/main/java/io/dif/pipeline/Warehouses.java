package io.dif.pipeline;

import io.dif.core.config.Warehouse;
import io.dif.core.credential.Secret;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.extract.lock.RunLocks;
import io.dif.load.DuckDbLoader;
import io.dif.load.Loader;
import io.dif.load.PostgresLoader;
import io.dif.load.RedshiftLoader;
import io.dif.load.WarehouseRows;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The warehouses of a deployment, opened on first use and closed together: the DuckDB file in
 * the data folder, PostgreSQL and Redshift at the profile's JDBC URLs. Connections belong to the
 * deployment, never to client files. The user and password come from the encrypted credential
 * store ({@code --warehouse-credential}, a {@code user:password} credential of client
 * {@value #DEPLOYMENT_CLIENT}), else for PostgreSQL from {@code DIF_POSTGRES_USER} /
 * {@code DIF_POSTGRES_PASSWORD}, for Redshift from IAM ({@code jdbc:redshift:iam://} URLs).
 * With zones on S3, DuckDB and PostgreSQL read local copies of the curated files; Redshift
 * COPYs them from S3 itself.
 */
public final class Warehouses implements AutoCloseable {
  /** The credential-store client that holds the deployment's own credentials. */
  public static final String DEPLOYMENT_CLIENT = "_deployment";

  private final Deployment deployment;
  private final Map<Warehouse, Loader> open = new EnumMap<>(Warehouse.class);

  public Warehouses(Deployment deployment) {
    this.deployment = deployment;
  }

  /** The loader of a warehouse kind, opened on first use. */
  public Loader loader(Warehouse warehouse) {
    return open.computeIfAbsent(warehouse, this::connect);
  }

  /**
   * The loaded rows of a warehouse kind, for an erasure or a retention run: the same database
   * and login the loader uses. A warehouse the deployment names no URL for is refused, so an
   * erasure never leaves a warehouse out silently.
   */
  public WarehouseRows rows(Warehouse warehouse) {
    DeploymentProfile profile = deployment.profile();
    return switch (warehouse) {
      case DUCKDB -> {
        requireDuckDb();
        yield WarehouseRows.duckDb(profile.warehouseFile());
      }
      case POSTGRES -> WarehouseRows.postgres(required(ProfileKey.POSTGRES_URL,
          "change the loaded rows of PostgreSQL"),
          login(Optional.ofNullable(System.getenv("DIF_POSTGRES_USER")),
              Optional.ofNullable(System.getenv("DIF_POSTGRES_PASSWORD"))));
      case REDSHIFT -> WarehouseRows.redshift(required(ProfileKey.REDSHIFT_URL,
          "change the loaded rows of Redshift"),
          login(Optional.empty(), Optional.empty()));
    };
  }

  /**
   * The name of the lock that serializes loads into the database a dataset loads (the DuckDB
   * file, or the JDBC URL without its query).
   */
  public String loadLock(Warehouse warehouse) {
    String database = switch (warehouse) {
      case DUCKDB -> deployment.profile().warehouseFile().toString();
      case POSTGRES -> url(ProfileKey.POSTGRES_URL).orElse("").replaceAll("\\?.*", "");
      case REDSHIFT -> url(ProfileKey.REDSHIFT_URL).orElse("").replaceAll("\\?.*", "");
    };
    return RunLocks.warehouseLoadLock(warehouse.name().toLowerCase(Locale.ROOT), database);
  }

  private Loader connect(Warehouse warehouse) {
    Optional<Loader> overridden = deployment.overriddenLoader(warehouse);
    if (overridden.isPresent()) {
      return overridden.get();
    }
    DeploymentProfile profile = deployment.profile();
    Loader loader = switch (warehouse) {
      case DUCKDB -> {
        requireDuckDb();
        yield new DuckDbLoader(profile.warehouseFile());
      }
      case POSTGRES -> new PostgresLoader(required(ProfileKey.POSTGRES_URL,
          "load into PostgreSQL"),
          login(Optional.ofNullable(System.getenv("DIF_POSTGRES_USER")),
              Optional.ofNullable(System.getenv("DIF_POSTGRES_PASSWORD"))));
      case REDSHIFT -> {
        if (!profile.zonesOnS3()) {
          throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot load into"
              + " Redshift: Redshift COPY reads the curated files from S3, and the zones are in"
              + " the local folder " + profile.zones().root() + " (give --zones-root s3://…)");
        }
        String role = profile.get(ProfileKey.REDSHIFT_IAM_ROLE).orElseThrow(() ->
            new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot load into Redshift:"
                + " give " + DeploymentProfile.setting(ProfileKey.REDSHIFT_IAM_ROLE)
                + ", the role Redshift assumes to COPY from the curated zone"));
        yield new RedshiftLoader(required(ProfileKey.REDSHIFT_URL, "load into Redshift"),
            login(Optional.empty(), Optional.empty()), role,
            new S3CuratedStore(deployment.s3()));
      }
    };
    return warehouse != Warehouse.REDSHIFT && profile.zonesOnS3()
        ? new LocalCopies(loader, deployment.s3(), deployment.localFolder().resolve("tmp"))
        : loader;
  }

  /** The extractor artifact leaves DuckDB (a large native library) out. */
  private static void requireDuckDb() {
    try {
      Class.forName("org.duckdb.DuckDBDriver", false, Warehouses.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot load into DuckDB"
          + " here: this artifact (the extractor) has no DuckDB; load with the full ./dif or"
          + " the Glue load job");
    }
  }

  private Optional<String> url(ProfileKey key) {
    return deployment.profile().get(key);
  }

  private String required(ProfileKey key, String what) {
    return url(key).orElseThrow(() -> new ConfigurationException(ErrorCode.CONFIG_INVALID,
        "Cannot " + what + ": give " + DeploymentProfile.setting(key)));
  }

  /** User and password: the deployment's stored credential, else the ones given. */
  private Properties login(Optional<String> user, Optional<String> password) {
    Properties properties = new Properties();
    Optional<String> credential = deployment.profile().get(ProfileKey.WAREHOUSE_CREDENTIAL);
    if (credential.isPresent()) {
      Secret secret = deployment.control().credentials().get(DEPLOYMENT_CLIENT,
          credential.get());
      String value = secret.reveal();
      int colon = value.indexOf(':');
      if (colon <= 0) {
        throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use warehouse"
            + " credential " + credential.get() + " of " + DEPLOYMENT_CLIENT + ": its value"
            + " must be user:password");
      }
      properties.setProperty("user", value.substring(0, colon));
      properties.setProperty("password", value.substring(colon + 1));
      return properties;
    }
    user.filter(value -> !value.isEmpty()).ifPresent(value -> properties.setProperty("user",
        value));
    password.filter(value -> !value.isEmpty()).ifPresent(value -> properties.setProperty(
        "password", value));
    return properties;
  }

  @Override
  public void close() {
    open.values().forEach(Loader::close);
    open.clear();
  }
}
