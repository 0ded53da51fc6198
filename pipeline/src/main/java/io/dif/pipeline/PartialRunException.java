package io.dif.pipeline;

import java.util.List;

/** Parts of a run failed after the rest was done: see {@link RunFailures}. */
public final class PartialRunException extends RuntimeException {
  private final List<Failure> failures;

  /** A part of the run (a stream, a dataset) and why it failed. */
  public record Failure(String what, RuntimeException error) {}

  public PartialRunException(List<Failure> failures) {
    super(failures.size() + " part(s) of the run failed; the rest is done");
    this.failures = List.copyOf(failures);
  }

  public List<Failure> failures() {
    return failures;
  }
}
