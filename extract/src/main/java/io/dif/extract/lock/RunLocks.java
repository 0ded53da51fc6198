package io.dif.extract.lock;

/**
 * One run per client and stream at a time. A lock is held under a lease that its holder renews
 * while it lives; each acquisition gets a fencing token greater than all earlier ones, checked
 * when the run commits, so a stalled holder whose lease lapsed cannot commit over a newer run.
 */
public interface RunLocks {

  /**
   * Takes the lock {@code name} (e.g. {@code acme.meta.insights}); a retriable
   * {@link io.dif.core.error.ErrorCode#RUN_LOCKED} error if another run holds it.
   */
  RunLock acquire(String name);

  /** Locks for the threads of this process only (the embedded default). */
  static RunLocks inProcess() {
    return new InProcessRunLocks();
  }

  /** A held lock; closing it releases the lock if still held. */
  interface RunLock extends AutoCloseable {
    String name();

    long fencingToken();

    /**
     * Throws {@link io.dif.core.error.ErrorCode#RUN_FENCED} if the lock was lost or taken by a
     * newer run: call it right before committing.
     */
    void checkHeld();

    @Override
    void close();
  }
}
