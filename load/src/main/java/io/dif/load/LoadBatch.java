package io.dif.load;

import io.dif.core.config.DatasetConfig;
import java.time.LocalDate;
import java.util.List;

/**
 * Curated partitions of one dataset to load.
 *
 * @param client the client the rows belong to (stored in the table's {@code _client} column)
 * @param dataset the dataset name
 * @param config the dataset's config: columns, key, destination
 * @param curatedPath the dataset's folder in the curated zone
 * @param dates the {@code dt} partitions of the batch
 */
public record LoadBatch(String client, String dataset, DatasetConfig config, String curatedPath,
    List<LocalDate> dates) {}
