package io.dif.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.TableCatalog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.types.TypeUtil;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The curated and quarantine Iceberg tables of one catalog, for Spark: creates a table on first
 * write (format v2, Parquet, partitioned by identity of its partition columns, copy-on-write),
 * adds the columns a config gains (old rows read them as null) and promotes the types Iceberg can
 * promote, and refuses other type changes. Spark reads and writes the tables through a catalog
 * registered in the session under a name of its own ({@link #sparkName}); the session's other
 * settings are left alone.
 */
final class IcebergTables {
  /** Table properties of every DIF table. */
  private static final Map<String, String> PROPERTIES = Map.of(
      "format-version", "2",
      "write.format.default", "parquet",
      // the writer's rows come clustered by partition and sorted by key: keep that order
      "write.distribution-mode", "none",
      // as plain Parquet of Spark: a write as fast, files every reader takes
      "write.parquet.compression-codec", "snappy",
      "write.delete.mode", "copy-on-write",
      "write.update.mode", "copy-on-write",
      "write.merge.mode", "copy-on-write",
      // commits of other runs (another dataset's transform) do not conflict with a run's
      "commit.retry.num-retries", "10",
      // no column bounds in manifests (they would keep personal values, hashed or not, after
      // an erasure); dates prune by partition
      "write.metadata.metrics.default", "counts");
  private static final Map<Map<String, String>, Catalog> CATALOGS = new ConcurrentHashMap<>();

  private final SparkSession spark;
  private final TableCatalog settings;
  private final Catalog catalog;
  private final String sparkName;

  IcebergTables(SparkSession spark, TableCatalog settings) {
    this.spark = spark;
    this.settings = settings;
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (settings.kind() == TableCatalog.Kind.LOCAL) {
      mkdirs(hadoop, settings.warehouse() + "/catalog");
    }
    this.catalog = CATALOGS.computeIfAbsent(settings.properties(), properties ->
        CatalogUtil.buildIcebergCatalog(TableCatalog.NAME, properties, hadoop));
    this.sparkName = settings.sparkCatalogName();
    String prefix = "spark.sql.catalog." + sparkName;
    if (!spark.conf().contains(prefix)) {
      settings.properties().forEach((key, value) -> spark.conf().set(prefix + "." + key, value));
      // every read plans on the table's current snapshot: commits of other processes are seen
      spark.conf().set(prefix + ".cache-enabled", "false");
      spark.conf().set(prefix, DifSparkCatalog.class.getName());
    }
  }

  Catalog catalog() {
    return catalog;
  }

  /** The table's name in Spark SQL: {@code dif_xxxx.curated.client.dataset}. */
  String sparkName(TableCatalog.Zone zone, String client, String dataset) {
    return sparkName + "." + TableCatalog.tableName(zone, client, dataset);
  }

  static TableIdentifier identifier(TableCatalog.Zone zone, String client, String dataset) {
    return TableIdentifier.of(Namespace.of(TableCatalog.namespace(zone, client)
        .toArray(String[]::new)), dataset);
  }

  /** The table, when it exists. */
  java.util.Optional<Table> find(TableCatalog.Zone zone, String client, String dataset) {
    TableIdentifier id = identifier(zone, client, dataset);
    return catalog.tableExists(id) ? java.util.Optional.of(catalog.loadTable(id))
        : java.util.Optional.empty();
  }

  /**
   * The table the rows go to, created or grown to hold their columns, and the rows with the
   * table's columns in its order (columns the rows lack, which a config dropped, are null).
   *
   * @param location where the zone keeps the dataset (the table's location when created)
   * @param partitions the partition columns, identity-partitioned in this order
   * @throws ConfigurationException when a column changes to a type the table cannot promote
   *     to, or the location holds plain Parquet of an earlier DIF version
   */
  Dataset<Row> prepare(TableCatalog.Zone zone, String client, String dataset, String location,
      Dataset<Row> rows, List<String> partitions, String subject) {
    TableIdentifier id = identifier(zone, client, dataset);
    Schema schema = SparkSchemaUtil.convert(rows.schema());
    Table table;
    if (!catalog.tableExists(id)) {
      refuseLegacyFolder(location, subject);
      createNamespace(id.namespace());
      PartitionSpec.Builder spec = PartitionSpec.builderFor(schema);
      partitions.forEach(spec::identity);
      try {
        table = catalog.buildTable(id, schema).withPartitionSpec(spec.build())
            .withLocation(location).withProperties(PROPERTIES).create();
      } catch (AlreadyExistsException e) {
        table = catalog.loadTable(id); // another run created it first
      }
    } else {
      table = catalog.loadTable(id);
    }
    if (!TypeUtil.indexByName(schema.asStruct()).keySet()
        .equals(TypeUtil.indexByName(table.schema().asStruct()).keySet())
        || !sameTypes(schema, table.schema())) {
      try {
        table.updateSchema().unionByNameWith(schema).commit();
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot write the "
            + zone.folder() + " table of dataset " + subject + ": a column changes to a type the"
            + " table cannot promote to (int to long, float to double and wider decimals only):"
            + " " + e.getMessage() + "; give the column a new name, or drop the table ("
            + TableCatalog.tableName(zone, client, dataset) + ") and rebuild it with dif"
            + " transform --reprocess");
      }
      table.refresh();
    }
    return inTableOrder(rows, SparkSchemaUtil.convert(table.schema()));
  }

  private static boolean sameTypes(Schema rows, Schema table) {
    for (org.apache.iceberg.types.Types.NestedField field : rows.columns()) {
      org.apache.iceberg.types.Types.NestedField existing = table.findField(field.name());
      if (existing == null || !existing.type().equals(field.type())) {
        return false;
      }
    }
    return true;
  }

  private static Dataset<Row> inTableOrder(Dataset<Row> rows, StructType table) {
    Set<String> present = new HashSet<>(List.of(rows.columns()));
    List<Column> columns = new ArrayList<>();
    for (StructField field : table.fields()) {
      columns.add(present.contains(field.name())
          ? col(field.name()).cast(field.dataType()).as(field.name())
          : lit(null).cast(field.dataType()).as(field.name()));
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  private void createNamespace(Namespace namespace) {
    if (catalog instanceof SupportsNamespaces namespaces) {
      for (int level = 1; level <= namespace.length(); level++) {
        Namespace part = Namespace.of(java.util.Arrays.copyOf(namespace.levels(), level));
        if (!namespaces.namespaceExists(part)) {
          try {
            namespaces.createNamespace(part, new HashMap<>());
          } catch (AlreadyExistsException e) {
            // another run created it first
          }
        }
      }
    }
  }

  /**
   * Refuses a dataset folder of plain Parquet {@code dt=} folders (an earlier DIF version's
   * curated or quarantine data): a table beside it would read half of each.
   */
  private void refuseLegacyFolder(String location, String subject) {
    Path path = new Path(location);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        return;
      }
      for (FileStatus status : fs.listStatus(path)) {
        if (status.isDirectory() && status.getPath().getName().startsWith("dt=")) {
          throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot write dataset "
              + subject + ": its folder holds plain Parquet of an earlier DIF version, not an"
              + " Iceberg table: " + location + "; move the folder away and rebuild it with dif"
              + " transform --client CLIENT --dataset DATASET --reprocess");
        }
      }
    } catch (IOException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot write dataset "
          + subject + ": cannot list " + location + ": " + e.getMessage());
    }
  }

  private static void mkdirs(Configuration hadoop, String folder) {
    try {
      Path path = new Path(folder);
      path.getFileSystem(hadoop).mkdirs(path);
    } catch (IOException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot create the table"
          + " catalog's folder " + folder + ": " + e.getMessage());
    }
  }

  TableCatalog settings() {
    return settings;
  }
}
