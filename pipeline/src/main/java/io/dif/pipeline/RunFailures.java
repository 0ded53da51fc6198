package io.dif.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The failures a command went on after: a stream that failed while the others were extracted,
 * a dataset that failed while the others were transformed and loaded. At the end the command
 * throws them as one {@link PartialRunException}, whose exit code is the most severe of theirs,
 * so a scheduler's daily run delivers what it can and still reports what it could not.
 */
public final class RunFailures {
  private final List<PartialRunException.Failure> failures =
      Collections.synchronizedList(new ArrayList<>());

  /** @param what the part that failed, e.g. "stream acme.meta.insights" */
  public void add(String what, RuntimeException error) {
    failures.add(new PartialRunException.Failure(what, error));
  }

  public List<PartialRunException.Failure> list() {
    return List.copyOf(failures);
  }

  public boolean isEmpty() {
    return failures.isEmpty();
  }

  /** Whether a failure names exactly this part. */
  public boolean contains(String what) {
    return failures.stream().anyMatch(failure -> failure.what().equals(what));
  }

  public void throwIfAny() {
    if (!failures.isEmpty()) {
      throw new PartialRunException(List.copyOf(failures));
    }
  }
}
