package io.dif.extract;

import java.time.Duration;
import java.util.List;

/** Everything one extraction committed. */
public record ExtractionResult(List<StreamRunResult> runs, Duration elapsed) {

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
