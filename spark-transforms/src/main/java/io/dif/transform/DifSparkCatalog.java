package io.dif.transform;

import io.dif.core.zone.TableCatalog;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Iceberg's Spark catalog under any Spark name, over the Iceberg catalog named
 * {@link TableCatalog#NAME}: a JDBC catalog keeps the catalog's name with each table, so every
 * process (Spark under its per-folder name, the load without Spark) must open it by one name.
 */
public final class DifSparkCatalog extends SparkCatalog {
  @Override
  protected Catalog buildIcebergCatalog(String name, CaseInsensitiveStringMap options) {
    return super.buildIcebergCatalog(TableCatalog.NAME, options);
  }
}
