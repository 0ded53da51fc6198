package io.dif.extract;

import java.util.Optional;

/**
 * A stream whose extraction failed while the others went on: what it committed before the
 * failure stays (earlier windows, the high-water mark), its open run resumes next time.
 *
 * @param error why it failed; for a stream skipped because its parent failed, the parent's error
 * @param skippedForParent the failed parent stream when this stream was not run at all
 */
public record StreamFailure(String source, String stream, RuntimeException error,
    Optional<String> skippedForParent) {

  /** One line for the run summary. */
  public String describe() {
    return source + "." + stream + ": " + skippedForParent
        .map(parent -> "skipped: its parent stream " + parent + " failed")
        .orElseGet(error::getMessage);
  }
}
