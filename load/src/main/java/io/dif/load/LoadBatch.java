package io.dif.load;

import io.dif.core.config.DatasetConfig;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Curated partitions of one dataset to load.
 *
 * @param client the client the rows belong to (stored in the table's {@code _client} column)
 * @param dataset the dataset name
 * @param config the dataset's config: columns, key, destination
 * @param curatedPath the dataset's folder in the curated zone
 * @param dates the {@code dt} partitions of the batch
 * @param snapshot the data files of the dates in one snapshot of the curated Iceberg table;
 *     empty for plain Parquet {@code dt=} folders under {@code curatedPath}
 */
public record LoadBatch(String client, String dataset, DatasetConfig config, String curatedPath,
    List<LocalDate> dates, Optional<CuratedSnapshot> snapshot) {

  /** A batch of plain Parquet {@code dt=} folders. */
  public LoadBatch(String client, String dataset, DatasetConfig config, String curatedPath,
      List<LocalDate> dates) {
    this(client, dataset, config, curatedPath, dates, Optional.empty());
  }

  /** A batch of some dates of a curated table's snapshot. */
  public LoadBatch(String client, String dataset, DatasetConfig config, String curatedPath,
      CuratedSnapshot snapshot, List<LocalDate> dates) {
    this(client, dataset, config, curatedPath, dates, Optional.of(snapshot.only(dates)));
  }
}
