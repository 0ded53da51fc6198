package io.dif.extract;

import io.dif.core.state.Checkpoint;
import io.dif.core.state.CheckpointKey;
import io.dif.core.state.CheckpointStore;
import io.dif.core.state.StateConflictException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Checkpoints kept only as long as this object (an extractor given no control store). */
final class InMemoryCheckpoints implements CheckpointStore {
  private final Map<CheckpointKey, Checkpoint> saved = new ConcurrentHashMap<>();

  @Override
  public Optional<Checkpoint> checkpoint(CheckpointKey key) {
    return Optional.ofNullable(saved.get(key));
  }

  @Override
  public Checkpoint save(Checkpoint checkpoint) {
    return saved.compute(checkpoint.key(), (key, earlier) -> {
      if (earlier != null && earlier.fencingToken() > checkpoint.fencingToken()) {
        throw new StateConflictException("Cannot save checkpoint " + key
            + ": a newer run holds fencing token " + earlier.fencingToken());
      }
      return new Checkpoint(key, checkpoint.windowStart(), checkpoint.windowEnd(),
          checkpoint.pageToken(), checkpoint.reportIds(), checkpoint.runId(),
          checkpoint.fencingToken(), Instant.now());
    });
  }

  @Override
  public boolean clear(CheckpointKey key) {
    return saved.remove(key) != null;
  }
}
