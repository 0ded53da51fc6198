package io.dif.extract;

import io.dif.core.state.Checkpoint;
import io.dif.core.state.CheckpointKey;
import io.dif.core.state.CheckpointStore;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The high-water mark of each windowed stream: the last data date of its windows committed
 * without a gap from the window start (see {@link IncrementalWindows}).
 */
public interface HighWaterMarks {

  Optional<LocalDate> mark(CheckpointKey stream);

  /** Stores the stream's new mark under the run lock's fencing token. */
  void save(CheckpointKey stream, LocalDate mark, String runId, long fencingToken);

  /** Marks kept only as long as this object: every process starts from the window start. */
  static HighWaterMarks inMemory() {
    Map<CheckpointKey, LocalDate> marks = new ConcurrentHashMap<>();
    return new HighWaterMarks() {
      @Override
      public Optional<LocalDate> mark(CheckpointKey stream) {
        return Optional.ofNullable(marks.get(stream));
      }

      @Override
      public void save(CheckpointKey stream, LocalDate mark, String runId, long fencingToken) {
        marks.put(stream, mark);
      }
    };
  }

  /**
   * Marks in the control store's checkpoints, one per stream under the partition
   * {@value CheckpointHighWaterMarks#PARTITION}; a save under an older fencing token than the
   * stored one is refused, as for every checkpoint.
   */
  static HighWaterMarks inCheckpoints(CheckpointStore checkpoints) {
    return new CheckpointHighWaterMarks(checkpoints);
  }

  /** The key of a stream's mark. */
  static CheckpointKey key(String client, String source, String stream) {
    return new CheckpointKey(client, source, stream, CheckpointHighWaterMarks.PARTITION);
  }

  /** See {@link #inCheckpoints}. */
  final class CheckpointHighWaterMarks implements HighWaterMarks {
    static final String PARTITION = "high-water-mark";
    private final CheckpointStore checkpoints;

    private CheckpointHighWaterMarks(CheckpointStore checkpoints) {
      this.checkpoints = checkpoints;
    }

    @Override
    public Optional<LocalDate> mark(CheckpointKey stream) {
      return checkpoints.checkpoint(stream).map(Checkpoint::windowEnd);
    }

    @Override
    public void save(CheckpointKey stream, LocalDate mark, String runId, long fencingToken) {
      checkpoints.save(new Checkpoint(stream, null, mark, Optional.empty(), List.of(), runId,
          fencingToken, null));
    }
  }
}
