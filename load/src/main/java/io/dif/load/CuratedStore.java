package io.dif.load;

import java.util.List;

/**
 * Where curated files are, as a warehouse that reads them itself (Redshift COPY) needs them:
 * the files of a partition with their sizes, and a place to write the load's manifest.
 */
public interface CuratedStore {

  /** A curated file: its URL as the warehouse reads it and its size in bytes. */
  record CuratedFile(String url, long bytes) {}

  /** The Parquet files under a partition URL ({@code .../dt=2024-01-01}), sorted by URL. */
  List<CuratedFile> list(String partitionUrl);

  /** Writes a small object (a manifest) at the URL. */
  void write(String url, byte[] content);
}
