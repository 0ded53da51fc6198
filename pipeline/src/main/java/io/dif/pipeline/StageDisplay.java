package io.dif.pipeline;

import java.util.function.Supplier;

/**
 * How an entry point shows a stage under way: the CLI a progress line, jobs nothing (their
 * platform logs say where they are).
 */
@FunctionalInterface
public interface StageDisplay {

  /** Shows {@code stage} until the returned handle is closed; {@code status} says where it is. */
  Shown show(String stage, Supplier<String> status);

  /** A shown stage; closing it removes it. */
  interface Shown extends AutoCloseable {
    @Override
    void close();
  }

  static StageDisplay none() {
    return (stage, status) -> () -> { };
  }
}
