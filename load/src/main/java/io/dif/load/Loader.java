package io.dif.load;

/** Loads curated batches into one warehouse. Implementations are per database dialect. */
public interface Loader extends AutoCloseable {

  /** Loads the batch atomically: the table shows either the state before or after it. */
  LoadResult load(LoadBatch batch);

  @Override
  void close();
}
