package io.dif.extract.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.control.SqliteControlDatabase;
import io.dif.control.SqliteFencingTokens;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.state.FencingTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link RunLocks} implementation guarantees; one subclass per implementation. The
 * fencing tokens are the control store's (SQLite in a temporary folder).
 */
abstract class RunLockContractTest {
  @TempDir
  Path folder;

  /** Locks with the given wait for a busy lock, tokens from {@code tokens}. */
  protected abstract RunLocks locks(FencingTokens tokens, Duration wait);

  /** Another worker's handle on the same locks (the same object in process). */
  protected RunLocks sameLocksElsewhere(RunLocks first, FencingTokens tokens, Duration wait) {
    return locks(tokens, wait);
  }

  /** The start of the message after "it is being extracted by ". */
  protected abstract String holderPrefix();

  FencingTokens tokens() {
    return new SqliteFencingTokens(SqliteControlDatabase.open(folder.resolve("control.db")));
  }

  static String stream() {
    return "s" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void oneHolderAtATimeAndTheOtherIsToldWhoHoldsIt() {
    RunLocks first = locks(tokens(), Duration.ZERO);
    RunLocks second = sameLocksElsewhere(first, tokens(), Duration.ZERO);
    String stream = stream();
    String name = RunLocks.streamLock("acme", "meta", stream);
    try (RunLocks.RunLock held = first.acquire(name)) {
      assertThatThrownBy(() -> second.acquire(name))
          .isInstanceOf(DifException.class)
          .hasMessageStartingWith("Cannot extract acme.meta." + stream + ": it is being extracted"
              + " by " + holderPrefix())
          .satisfies(e -> assertThat(((DifException) e).code()).isEqualTo(ErrorCode.RUN_LOCKED))
          .satisfies(e -> assertThat(((DifException) e).code().retriable()).isTrue());
      held.checkHeld();
    }
    try (RunLocks.RunLock after = second.acquire(name)) {
      after.checkHeld();
    }
  }

  @Test
  void eachAcquisitionGetsAGreaterFencingToken() {
    FencingTokens tokens = tokens();
    RunLocks first = locks(tokens, Duration.ZERO);
    RunLocks second = sameLocksElsewhere(first, tokens(), Duration.ZERO);
    String name = "load:duckdb:/data/" + stream() + ".duckdb";
    long previous = 0;
    for (int i = 0; i < 4; i++) {
      try (RunLocks.RunLock lock = (i % 2 == 0 ? first : second).acquire(name)) {
        assertThat(lock.fencingToken()).isGreaterThan(previous)
            .isEqualTo(tokens.current(name));
        previous = lock.fencingToken();
      }
    }
  }

  @Test
  void aReleasedLockNoLongerPassesTheCommitCheck() {
    RunLocks locks = locks(tokens(), Duration.ZERO);
    RunLocks.RunLock lock = locks.acquire("transform:" + stream());
    lock.close();
    assertThatThrownBy(lock::checkHeld).isInstanceOf(RunFencedException.class)
        .hasMessageContaining("fencing token " + lock.fencingToken());
  }

  @Test
  void aNewerTokenIssuedElsewhereFencesTheHolder() {
    // e.g. a worker on Redis took the lock while this one held its file lock
    FencingTokens tokens = tokens();
    String name = "transform:" + stream();
    try (RunLocks.RunLock lock = locks(tokens, Duration.ZERO).acquire(name)) {
      long newer = tokens.next(name);
      assertThatThrownBy(lock::checkHeld).isInstanceOf(RunFencedException.class)
          .hasMessage("Cannot commit run of " + name + ": its lock (fencing token "
              + lock.fencingToken() + ") was taken over: fencing token " + newer
              + " was issued since")
          .satisfies(e -> assertThat(((DifException) e).code()).isEqualTo(ErrorCode.RUN_FENCED));
    }
  }

  @Test
  void aWaitingRunTakesTheLockWhenTheHolderReleasesIt() throws Exception {
    RunLocks first = locks(tokens(), Duration.ZERO);
    RunLocks second = sameLocksElsewhere(first, tokens(), Duration.ofSeconds(30));
    String name = RunLocks.streamLock("acme", "meta", stream());
    AtomicReference<Thread> waiter = new AtomicReference<>();
    ExecutorService pool = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "waiting-run");
      waiter.set(thread);
      return thread;
    });
    try {
      RunLocks.RunLock held = first.acquire(name);
      Future<Long> waiting = pool.submit(() -> {
        try (RunLocks.RunLock lock = second.acquire(name)) {
          lock.checkHeld();
          return lock.fencingToken();
        }
      });
      // the waiter found the lock busy and is pausing between attempts
      while (waiter.get() == null || waiter.get().getState() != Thread.State.TIMED_WAITING) {
        assertThat(waiting.isDone()).as("the waiter must wait, not fail").isFalse();
        Thread.onSpinWait();
      }
      held.close();
      assertThat(waiting.get(30, TimeUnit.SECONDS)).isGreaterThan(held.fencingToken());
    } finally {
      pool.shutdownNow();
    }
  }
}
