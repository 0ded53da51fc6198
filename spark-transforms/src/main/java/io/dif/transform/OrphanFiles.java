package io.dif.transform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Deletes the data files under a table's {@code data/} folder that no snapshot of the table
 * references (with their Hadoop checksum files): what a run that failed before publishing, or
 * a crashed writer, leaves behind. Runs under the client's transform lock (no writer at work).
 */
final class OrphanFiles {
  private OrphanFiles() {}

  static int delete(Table table) {
    Set<String> referenced = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      try (CloseableIterable<FileScanTask> tasks =
          table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
        tasks.forEach(task -> referenced.add(new Path(task.file().path().toString())
            .toUri().getPath()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Path data = new Path(table.location(), "data");
    int deleted = 0;
    try {
      FileSystem fs = data.getFileSystem(new Configuration());
      if (!fs.exists(data)) {
        return 0;
      }
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(data, true);
      java.util.List<Path> orphans = new java.util.ArrayList<>();
      while (files.hasNext()) {
        Path file = files.next().getPath();
        String name = file.getName();
        if (name.endsWith(".parquet") && !referenced.contains(file.toUri().getPath())) {
          orphans.add(file);
        } else if (name.startsWith(".") && name.endsWith(".parquet.crc")) {
          Path original = new Path(file.getParent(), name.substring(1, name.length() - 4));
          if (!referenced.contains(original.toUri().getPath())) {
            orphans.add(file);
          }
        }
      }
      for (Path orphan : orphans) {
        if (fs.delete(orphan, false)) {
          deleted++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return deleted;
  }
}
