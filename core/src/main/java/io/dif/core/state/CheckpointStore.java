package io.dif.core.state;

import java.util.Optional;

/** Extractor checkpoints, written after each page. */
public interface CheckpointStore {

  Optional<Checkpoint> checkpoint(CheckpointKey key);

  /**
   * Saves the checkpoint unless one saved under a higher fencing token exists: a writer whose
   * run lock expired and was taken over gets a {@link StateConflictException}.
   */
  Checkpoint save(Checkpoint checkpoint);

  /** Forgets the checkpoint (the stream starts from its configured start); false if none. */
  boolean clear(CheckpointKey key);
}
