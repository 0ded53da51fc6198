package io.dif.transform;

import io.dif.core.zone.TableCatalog;
import io.dif.core.zone.ZoneLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads a curated or quarantine table of a local data folder by its zone location. */
public final class TestingTables {
  private TestingTables() {}

  /**
   * The table's current rows.
   *
   * @param location {@code {root}/curated/{client}/{dataset}} or
   *     {@code {root}/quarantine/{client}/{dataset}}, as {@link ZoneLayout} gives it
   */
  public static Dataset<Row> read(SparkSession spark, String location) {
    String[] parts = location.split("/");
    String dataset = parts[parts.length - 1];
    String client = parts[parts.length - 2];
    TableCatalog.Zone zone = TableCatalog.Zone.valueOf(parts[parts.length - 3]
        .toUpperCase(java.util.Locale.ROOT));
    String root = location.substring(0, location.length() - (zone.folder() + "/" + client + "/"
        + dataset).length() - 1);
    IcebergTables tables = new IcebergTables(spark, TableCatalog.local(new ZoneLayout(root)));
    return spark.read().table(tables.sparkName(zone, client, dataset));
  }
}
