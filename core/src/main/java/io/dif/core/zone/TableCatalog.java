package io.dif.core.zone;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Iceberg catalog of the curated and quarantine tables, as Iceberg catalog properties, and
 * the names of the tables in it. One setting chooses it ({@code DIF_CATALOG}):
 *
 * <ul>
 *   <li>{@code local} (default): a JDBC catalog on a SQLite file under the data folder
 *       ({@code catalog/iceberg.db}), the tables' files under the zones' folders. JDBC on SQLite
 *       rather than Iceberg's Hadoop catalog because its commit is a compare-and-swap of one row
 *       (a Hadoop catalog relies on atomic renames, which S3 lacks), because it is the same code
 *       as the JDBC catalog of tests against S3Proxy, and because the load reads it without
 *       Hadoop. SQLite is already the local control store's engine.
 *   <li>{@code jdbc:...}: a JDBC catalog at that URL (tables under the zones' root).
 *   <li>{@code glue}: the AWS Glue Data Catalog (Athena and Redshift Spectrum see the tables),
 *       files through S3FileIO; needs iceberg-aws on the classpath, as Glue 5.0 ships it.
 * </ul>
 *
 * <p>Table {@code curated.{client}.{dataset}} lives at {@code {root}/curated/{client}/{dataset}},
 * {@code quarantine.{client}.{dataset}} at {@code {root}/quarantine/{client}/{dataset}}.
 *
 * @param kind which catalog
 * @param uri the JDBC URL of a JDBC catalog; empty for Glue
 * @param warehouse the root of the tables' files (the zones' root)
 */
public record TableCatalog(Kind kind, String uri, String warehouse) {

  /** The catalog's own name (a JDBC catalog keeps it with each table). */
  public static final String NAME = "dif";

  /** The setting (environment variable, CLI option, Glue argument) that chooses the catalog. */
  public static final String SETTING = "DIF_CATALOG";

  /** The catalogs DIF can use. */
  public enum Kind { LOCAL, JDBC, GLUE }

  /** The zone a table belongs to: its first namespace level. */
  public enum Zone {
    CURATED("curated"), QUARANTINE("quarantine");

    private final String folder;

    Zone(String folder) {
      this.folder = folder;
    }

    public String folder() {
      return folder;
    }
  }

  /** The local catalog of a local data folder. */
  public static TableCatalog local(ZoneLayout zones) {
    if (zones.root().contains("://")) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use the local table"
          + " catalog: the zones are not in a local folder: " + zones.root() + "; set "
          + SETTING + " to glue or to a jdbc: URL");
    }
    return new TableCatalog(Kind.LOCAL, SqliteCatalogDriver.PREFIX + zones.root()
        + "/catalog/iceberg.db", zones.root());
  }

  /** The catalog the setting chooses ({@code local} when unset or blank). */
  public static TableCatalog of(ZoneLayout zones, String setting) {
    if (setting == null || setting.isBlank() || setting.equals("local")) {
      return local(zones);
    }
    if (setting.equals("glue")) {
      return new TableCatalog(Kind.GLUE, "", zones.root());
    }
    if (setting.startsWith("jdbc:sqlite:")) {
      return new TableCatalog(Kind.JDBC, SqliteCatalogDriver.PREFIX
          + setting.substring("jdbc:sqlite:".length()), zones.root());
    }
    if (setting.startsWith("jdbc:")) {
      return new TableCatalog(Kind.JDBC, setting, zones.root());
    }
    throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use the table catalog "
        + SETTING + "=" + setting + ": not local, glue or a jdbc: URL");
  }

  /** The catalog the environment chooses. */
  public static TableCatalog of(ZoneLayout zones) {
    return of(zones, System.getenv(SETTING));
  }

  /** Iceberg catalog properties ({@code CatalogUtil.buildIcebergCatalog}). */
  public Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("warehouse", warehouse);
    if (kind == Kind.GLUE) {
      properties.put("catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog");
      properties.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
      return properties;
    }
    properties.put("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
    properties.put("uri", uri);
    properties.put("jdbc.schema-version", "V1");
    if (uri.startsWith(SqliteCatalogDriver.PREFIX)) {
      SqliteCatalogDriver.register();
      // readers never block a commit (WAL), and writers wait for each other
      properties.put("jdbc.journal_mode", "WAL");
      properties.put("jdbc.busy_timeout", "60000");
    }
    return properties;
  }

  /**
   * The name Spark knows the catalog by ({@code spark.sql.catalog.dif_xxxxxxxx}): one per
   * catalog, so one session can write the tables of several data folders (tests).
   */
  public String sparkCatalogName() {
    return "dif_" + Integer.toHexString(properties().hashCode());
  }

  /** Whether the tables' files are on the local disk. */
  public boolean localFiles() {
    return !warehouse.contains("://");
  }

  /** The namespace of a client's tables in a zone. */
  public static List<String> namespace(Zone zone, String client) {
    return List.of(zone.folder(), client);
  }

  /** A table's name as Spark reads it, e.g. {@code curated.demo.ad_insights_daily}. */
  public static String tableName(Zone zone, String client, String dataset) {
    return zone.folder() + "." + client + "." + dataset;
  }
}
