package io.dif.load;

import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.TableCatalog;
import io.dif.load.CuratedStore.CuratedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The curated and quarantine Iceberg tables as the load sees them, without Spark: the data files
 * of a table's current snapshot (Iceberg's scan planning), its snapshot history, and the
 * snapshot each warehouse loaded (a table property, {@code dif.loaded-snapshot.{warehouse}}).
 */
public final class CuratedTables implements AutoCloseable {
  /** The table property recording the snapshot a warehouse loaded. */
  public static final String LOADED_PREFIX = "dif.loaded-snapshot.";

  private final TableCatalog settings;
  private final Catalog catalog;

  /** Opens the catalog (the local catalog's files through {@link LocalFileIO}). */
  public CuratedTables(TableCatalog settings) {
    this(settings, Map.of());
  }

  /**
   * Opens the catalog with more catalog properties: the FileIO of tables on S3
   * ({@code io-impl}, {@code s3.endpoint}, ...).
   */
  public CuratedTables(TableCatalog settings, Map<String, String> fileIo) {
    this.settings = settings;
    Map<String, String> properties = new HashMap<>(settings.properties());
    if (settings.localFiles()) {
      properties.put("io-impl", LocalFileIO.class.getName());
    }
    properties.putAll(fileIo);
    if (settings.kind() == TableCatalog.Kind.LOCAL) {
      try {
        Files.createDirectories(Path.of(settings.warehouse(), "catalog"));
      } catch (IOException e) {
        throw CuratedParquet.cannotAccess("create the table catalog's folder under "
            + settings.warehouse(), e);
      }
    }
    this.catalog = CatalogUtil.buildIcebergCatalog(TableCatalog.NAME, properties, null);
  }

  /** The Iceberg catalog, for retention and erasure. */
  public Catalog catalog() {
    return catalog;
  }

  public static TableIdentifier identifier(TableCatalog.Zone zone, String client,
      String dataset) {
    return TableIdentifier.of(Namespace.of(TableCatalog.namespace(zone, client)
        .toArray(String[]::new)), dataset);
  }

  /** The table, when it exists. */
  public Optional<Table> table(TableCatalog.Zone zone, String client, String dataset) {
    TableIdentifier id = identifier(zone, client, dataset);
    return catalog.tableExists(id) ? Optional.of(catalog.loadTable(id)) : Optional.empty();
  }

  /**
   * The data files of every date of the curated table's current snapshot; empty when there is
   * no table or no snapshot yet.
   */
  public Optional<CuratedSnapshot> current(String client, String dataset) {
    Optional<Table> table = table(TableCatalog.Zone.CURATED, client, dataset);
    if (table.isEmpty() || table.get().currentSnapshot() == null) {
      return Optional.empty();
    }
    return Optional.of(files(table.get(), table.get().currentSnapshot().snapshotId(),
        Optional.empty(), client + "." + dataset));
  }

  /** The data files of some dates in a snapshot of a table. */
  static CuratedSnapshot files(Table table, long snapshotId, Optional<List<LocalDate>> dates,
      String subject) {
    TableScan scan = table.newScan().useSnapshot(snapshotId);
    if (dates.isPresent()) {
      scan = scan.filter(Expressions.in("dt", dates.get().stream().map(LocalDate::toString)
          .toArray()));
    }
    Map<LocalDate, List<CuratedFile>> files = new TreeMap<>();
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        int days = file.partition().get(0, Integer.class);
        files.computeIfAbsent(LocalDate.ofEpochDay(days), d -> new ArrayList<>())
            .add(new CuratedFile(file.path().toString(), file.fileSizeInBytes()));
      }
    } catch (IOException e) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot plan the scan of the curated"
          + " table of " + subject + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw CuratedParquet.cannotAccess("read the curated table of " + subject,
          e.getCause());
    }
    files.values().forEach(list -> list.sort(java.util.Comparator.comparing(CuratedFile::url)));
    return CuratedSnapshot.of(snapshotId, files);
  }

  /** Records that a warehouse loaded a snapshot of the curated table. */
  public void recordLoaded(String client, String dataset, String warehouse, long snapshotId) {
    table(TableCatalog.Zone.CURATED, client, dataset).ifPresent(table -> table
        .updateProperties().set(LOADED_PREFIX + warehouse, Long.toString(snapshotId)).commit());
  }

  /** One snapshot of a table, for {@code dif status --history}. */
  public record SnapshotInfo(long snapshotId, Instant committedAt, String operation,
      Map<String, String> summary, boolean current) {}

  /** The table's snapshots, oldest first, and the snapshot each warehouse loaded. */
  public record History(List<SnapshotInfo> snapshots, Map<String, Long> loaded) {}

  public Optional<History> history(TableCatalog.Zone zone, String client, String dataset) {
    return table(zone, client, dataset).map(table -> {
      Long current = table.currentSnapshot() == null ? null
          : table.currentSnapshot().snapshotId();
      List<SnapshotInfo> snapshots = new ArrayList<>();
      for (Snapshot snapshot : table.snapshots()) {
        snapshots.add(new SnapshotInfo(snapshot.snapshotId(),
            Instant.ofEpochMilli(snapshot.timestampMillis()), snapshot.operation(),
            snapshot.summary(), Long.valueOf(snapshot.snapshotId()).equals(current)));
      }
      snapshots.sort(java.util.Comparator.comparing(SnapshotInfo::committedAt));
      Map<String, Long> loaded = new LinkedHashMap<>();
      table.properties().forEach((key, value) -> {
        if (key.startsWith(LOADED_PREFIX)) {
          loaded.put(key.substring(LOADED_PREFIX.length()), Long.parseLong(value));
        }
      });
      return new History(snapshots, loaded);
    });
  }

  TableCatalog settings() {
    return settings;
  }

  @Override
  public void close() {
    if (catalog instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing the catalog's connections: nothing left to do
      }
    }
  }
}
