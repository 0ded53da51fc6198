package io.dif.cli;

import java.util.List;

/** Parts of a run failed after the rest was done: see {@link RunFailures}. */
final class PartialRunException extends RuntimeException {
  private final List<Failure> failures;

  /** A part of the run (a stream, a dataset) and why it failed. */
  record Failure(String what, RuntimeException error) {}

  PartialRunException(List<Failure> failures) {
    super(failures.size() + " part(s) of the run failed; the rest is done");
    this.failures = List.copyOf(failures);
  }

  List<Failure> failures() {
    return failures;
  }
}
