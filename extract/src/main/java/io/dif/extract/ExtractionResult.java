package io.dif.extract;

import java.time.Duration;
import java.util.List;

/**
 * Everything one extraction committed, and the streams that failed (the others went on).
 */
public record ExtractionResult(List<StreamRunResult> runs, List<StreamFailure> failures,
    Duration elapsed) {

  public ExtractionResult {
    runs = List.copyOf(runs);
    failures = List.copyOf(failures);
  }

  /** An extraction where every stream succeeded. */
  public ExtractionResult(List<StreamRunResult> runs, Duration elapsed) {
    this(runs, List.of(), elapsed);
  }

  public int pages() {
    return runs.stream().mapToInt(StreamRunResult::pages).sum();
  }

  public long records() {
    return runs.stream().mapToLong(StreamRunResult::records).sum();
  }

  public long bytes() {
    return runs.stream().mapToLong(StreamRunResult::bytes).sum();
  }

  public long storedBytes() {
    return runs.stream().mapToLong(StreamRunResult::storedBytes).sum();
  }
}
