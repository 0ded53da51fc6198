package io.dif.load;

import io.dif.load.CuratedStore.CuratedFile;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The data files of a curated table's dates in one snapshot: what a load reads, so it reads
 * exactly one committed state of each date whatever commits come after.
 *
 * @param snapshotId the snapshot the files belong to
 * @param files the Parquet data files of each date, sorted by URL
 */
public record CuratedSnapshot(long snapshotId, SortedMap<LocalDate, List<CuratedFile>> files) {

  public CuratedSnapshot {
    files = new TreeMap<>(files);
  }

  /** The dates with rows in the snapshot, in order. */
  public List<LocalDate> dates() {
    return List.copyOf(files.keySet());
  }

  /** The same snapshot restricted to some dates (dates without rows have no files). */
  public CuratedSnapshot only(List<LocalDate> dates) {
    SortedMap<LocalDate, List<CuratedFile>> chosen = new TreeMap<>();
    for (LocalDate date : dates) {
      chosen.put(date, files.getOrDefault(date, List.of()));
    }
    return new CuratedSnapshot(snapshotId, chosen);
  }

  /** All files of the snapshot's dates, in date then URL order. */
  public List<CuratedFile> allFiles() {
    return files.values().stream().flatMap(List::stream).toList();
  }

  static CuratedSnapshot of(long snapshotId, Map<LocalDate, List<CuratedFile>> files) {
    return new CuratedSnapshot(snapshotId, new TreeMap<>(files));
  }
}
