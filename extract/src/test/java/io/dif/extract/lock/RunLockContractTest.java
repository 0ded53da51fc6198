package io.dif.extract.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link RunLocks} implementation guarantees; one subclass per implementation. */
abstract class RunLockContractTest {

  protected abstract RunLocks locks();

  /** Another worker's handle on the same locks (the same object in process). */
  protected abstract RunLocks sameLocksElsewhere(RunLocks first);

  private static String name() {
    return "acme.meta.insights-" + UUID.randomUUID();
  }

  @Test
  void oneHolderAtATime() {
    RunLocks first = locks();
    RunLocks second = sameLocksElsewhere(first);
    String name = name();
    try (RunLocks.RunLock held = first.acquire(name)) {
      assertThatThrownBy(() -> second.acquire(name))
          .isInstanceOf(DifException.class)
          .hasMessageStartingWith("Cannot start run of " + name + ": another run holds its lock")
          .satisfies(e -> assertThat(((DifException) e).code()).isEqualTo(ErrorCode.RUN_LOCKED));
      held.checkHeld();
    }
  }

  @Test
  void eachAcquisitionGetsAGreaterFencingToken() {
    RunLocks first = locks();
    RunLocks second = sameLocksElsewhere(first);
    String name = name();
    long previous = 0;
    for (int i = 0; i < 4; i++) {
      try (RunLocks.RunLock lock = (i % 2 == 0 ? first : second).acquire(name)) {
        assertThat(lock.fencingToken()).isGreaterThan(previous);
        previous = lock.fencingToken();
      }
    }
  }

  @Test
  void aReleasedLockNoLongerPassesTheCommitCheck() {
    RunLocks locks = locks();
    RunLocks.RunLock lock = locks.acquire(name());
    lock.close();
    assertThatThrownBy(lock::checkHeld).isInstanceOf(RunFencedException.class)
        .hasMessageContaining("fencing token " + lock.fencingToken());
  }
}
