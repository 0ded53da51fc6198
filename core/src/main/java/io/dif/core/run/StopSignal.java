package io.dif.core.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A request to stop a run early, as SIGINT (Ctrl-C) or SIGTERM ask. Stages check it at safe
 * points (between pages, between datasets) and stop taking new work; what is committed stays
 * committed and the next run resumes. A stage that cannot check (a Spark job) registers a
 * listener that cancels its work when the stop is requested.
 */
public final class StopSignal {
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile Stop stop;

  /** Why the run stops, and the exit code that says so (130 for SIGINT, 143 for SIGTERM). */
  public record Stop(String signal, int exitCode) {}

  /** A signal nobody raises: for runs that are never stopped early (tests, jobs). */
  public static StopSignal never() {
    return new StopSignal();
  }

  /** Requests the stop (once; later requests keep the first reason) and tells the listeners. */
  public void request(String signal, int exitCode) {
    synchronized (this) {
      if (stop != null) {
        return;
      }
      stop = new Stop(signal, exitCode);
    }
    listeners.forEach(Runnable::run);
  }

  public boolean requested() {
    return stop != null;
  }

  /** Throws {@link RunStoppedException} if a stop was requested. */
  public void check(String stoppingWhat) {
    Stop current = stop;
    if (current != null) {
      throw new RunStoppedException(current, stoppingWhat);
    }
  }

  /**
   * Calls {@code listener} when a stop is requested (at once if it already was), until the
   * returned registration is closed.
   */
  public Registration onStop(Runnable listener) {
    listeners.add(listener);
    if (requested()) {
      listener.run();
    }
    return () -> listeners.remove(listener);
  }

  /** A listener's registration; closing it removes the listener. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
