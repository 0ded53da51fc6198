package io.dif.extract;

/**
 * For tests written against one stream at a time: the extractor records a failed stream and
 * goes on with the others; these tests want the failure thrown, as the stream saw it.
 */
public final class ExtractionFailures {
  private ExtractionFailures() {}

  /** The result, or the first failed stream's own error thrown. */
  public static ExtractionResult rethrow(ExtractionResult result) {
    result.failures().stream().filter(failure -> failure.skippedForParent().isEmpty())
        .findFirst().ifPresent(failure -> {
          throw failure.error();
        });
    return result;
  }
}
