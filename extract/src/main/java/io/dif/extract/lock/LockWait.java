package io.dif.extract.lock;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Tries to take a lock until it succeeds or the configured wait has passed. */
final class LockWait {
  private static final long MAX_PAUSE_MILLIS = 200;

  private LockWait() {}

  /** True once {@code attempt} succeeded; false when {@code wait} passed without success. */
  static boolean until(Duration wait, BooleanSupplier attempt) {
    long deadline = System.nanoTime() + wait.toNanos();
    long pause = 10;
    while (true) {
      if (attempt.getAsBoolean()) {
        return true;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      try {
        Thread.sleep(Math.min(pause, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
    }
  }
}
