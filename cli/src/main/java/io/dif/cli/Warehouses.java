package io.dif.cli;

import io.dif.core.config.Warehouse;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.extract.lock.RunLocks;
import io.dif.load.DuckDbLoader;
import io.dif.load.Loader;
import io.dif.load.PostgresLoader;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The warehouses a local run can load: the embedded DuckDB file, and PostgreSQL when a JDBC URL
 * is given. Connections belong to the deployment, never to client files; the password is read
 * from the environment and never printed.
 */
final class Warehouses {
  @Option(names = "--postgres-url", paramLabel = "JDBC_URL",
      defaultValue = "${env:DIF_POSTGRES_URL}",
      description = "PostgreSQL warehouse for datasets with destination.warehouse: postgres, as"
          + " jdbc:postgresql://host:port/db (env DIF_POSTGRES_URL); user and password from"
          + " DIF_POSTGRES_USER and DIF_POSTGRES_PASSWORD.")
  String postgresUrl;

  /**
   * The name of the lock that serializes loads into the warehouse database a dataset loads
   * (one file for DuckDB, one database for PostgreSQL: the URL without user or password).
   */
  String loadLock(Warehouse warehouse, Workspace workspace) {
    String database = switch (warehouse) {
      case DUCKDB -> workspace.warehouseFile().toAbsolutePath().normalize().toString();
      case POSTGRES, REDSHIFT -> postgresUrl == null ? "" : postgresUrl.replaceAll("\\?.*", "");
    };
    return RunLocks.warehouseLoadLock(warehouse.name().toLowerCase(java.util.Locale.ROOT),
        database);
  }

  /** Opens loaders on first use and closes them all at the end. */
  final class Session implements AutoCloseable {
    private final Workspace workspace;
    private final Map<Warehouse, Loader> open = new EnumMap<>(Warehouse.class);

    Session(Workspace workspace) {
      this.workspace = workspace;
    }

    Loader loader(Warehouse warehouse) {
      return open.computeIfAbsent(warehouse, this::connect);
    }

    private Loader connect(Warehouse warehouse) {
      return switch (warehouse) {
        case DUCKDB -> new DuckDbLoader(workspace.warehouseFile());
        case POSTGRES -> {
          if (postgresUrl == null || postgresUrl.isBlank()) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot load into"
                + " PostgreSQL: give --postgres-url or DIF_POSTGRES_URL");
          }
          Properties properties = new Properties();
          putIfSet(properties, "user", System.getenv("DIF_POSTGRES_USER"));
          putIfSet(properties, "password", System.getenv("DIF_POSTGRES_PASSWORD"));
          yield new PostgresLoader(postgresUrl, properties);
        }
        case REDSHIFT -> throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot load"
            + " into Redshift from a local run: Redshift COPY reads curated data from S3; run"
            + " the load job in AWS");
      };
    }

    @Override
    public void close() {
      open.values().forEach(Loader::close);
    }
  }

  private static void putIfSet(Properties properties, String key, String value) {
    if (value != null && !value.isEmpty()) {
      properties.setProperty(key, value);
    }
  }
}
