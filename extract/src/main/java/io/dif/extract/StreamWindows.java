package io.dif.extract;

import io.dif.core.run.RunStoppedException;
import io.dif.extract.DateWindows.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lands the windows of one stream, up to {@code parallel} at a time, and hands each outcome back
 * on the calling thread in window order, saying whether every window before it committed (so a
 * high-water mark only moves over the contiguous prefix). A window that fails stops new windows
 * from starting; the windows already in flight finish and their outcomes are handed back (a run
 * they commit is kept). Once all are done, a stop ({@link RunStoppedException}) is rethrown if any
 * window met one, else the failure of the earliest failed window.
 */
final class StreamWindows {
  private static final AtomicInteger POOLS = new AtomicInteger();

  /** Lands one window (on a pool thread); {@code window} is null for a stream without window. */
  interface Landing<T> {
    T land(Window window);
  }

  /** Takes the outcome of one window, on the calling thread, in window order. */
  interface Landed<T> {
    void accept(Window window, T outcome, boolean prefixCommitted);
  }

  private StreamWindows() {}

  static <T> void land(String qualified, List<Window> windows, int parallel, Landing<T> landing,
      Landed<T> landed) {
    if (windows.isEmpty()) {
      return;
    }
    int threads = Math.max(1, Math.min(parallel, windows.size()));
    int pool = POOLS.incrementAndGet();
    AtomicInteger started = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "dif-windows-" + pool + "-" + started.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    AtomicBoolean halted = new AtomicBoolean();
    try {
      List<Future<Started<T>>> futures = new ArrayList<>();
      for (Window window : windows) {
        futures.add(executor.submit(() -> {
          if (halted.get()) {
            return new Started<>(false, null);
          }
          try {
            return new Started<>(true, landing.land(window));
          } catch (RuntimeException | Error e) {
            halted.set(true);
            throw e;
          }
        }));
      }
      collect(qualified, windows, futures, landed);
    } finally {
      executor.shutdownNow();
      awaitEnd(executor);
    }
  }

  /**
   * Waits for windows still in flight (interrupted after a failure here: they end at their
   * next request), so none writes after the caller released the stream's lock.
   */
  private static void awaitEnd(ExecutorService executor) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!executor.isTerminated() && System.nanoTime() < deadline) {
      try {
        executor.awaitTermination(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private record Started<T>(boolean ran, T outcome) {}

  private static <T> void collect(String qualified, List<Window> windows,
      List<Future<Started<T>>> futures, Landed<T> landed) {
    RuntimeException failure = null;
    RunStoppedException stopped = null;
    boolean prefixCommitted = true;
    for (int i = 0; i < futures.size(); i++) {
      Started<T> outcome;
      try {
        outcome = futures.get(i).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(future -> future.cancel(true));
        throw new IllegalStateException("Interrupted while extracting " + qualified, e);
      } catch (ExecutionException e) {
        prefixCommitted = false;
        Throwable cause = e.getCause();
        if (cause instanceof RunStoppedException stop) {
          stopped = stopped == null ? stop : stopped;
        } else if (failure == null) {
          failure = cause instanceof RuntimeException runtime ? runtime
              : new IllegalStateException("Cannot extract " + qualified, cause);
        }
        continue;
      }
      if (outcome.ran()) {
        landed.accept(windows.get(i), outcome.outcome(), prefixCommitted);
      } else {
        prefixCommitted = false;
      }
    }
    if (stopped != null) {
      throw stopped;
    }
    if (failure != null) {
      throw failure;
    }
  }
}
