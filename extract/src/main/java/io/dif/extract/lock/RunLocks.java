package io.dif.extract.lock;

import io.dif.core.state.FencingTokens;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One run of a thing at a time: of a client's stream (extract), of a client (transform), of a
 * warehouse database (load). Lock names are free-form, {@code STAGE:SUBJECT} by convention
 * ({@link #streamLock}, {@link #clientTransformLock}, {@link #warehouseLoadLock}).
 *
 * <p>Each acquisition gets a fencing token from the control store ({@link FencingTokens}),
 * greater than all earlier ones whatever holds the lock itself (an OS file lock, a Redis lease),
 * checked when the run commits, so a holder that lost its lock cannot commit over a newer run.
 */
public interface RunLocks {

  /**
   * Takes the lock {@code name}, waiting for its holder as long as these locks were configured
   * to; a retriable {@link io.dif.core.error.ErrorCode#RUN_LOCKED} error naming the holder if it
   * is still held then.
   */
  RunLock acquire(String name);

  /** Locks for the threads of this process only, with tokens in memory (tests, embedding). */
  static RunLocks inProcess() {
    return new InProcessRunLocks(new InMemoryFencingTokens());
  }

  /**
   * Locks for every process on this machine: an OS file lock on
   * {@code directory/NAME.lock}, which the OS releases when its process dies, even by SIGKILL.
   *
   * @param wait how long {@link #acquire} waits for the holder before it fails
   */
  static RunLocks onThisMachine(Path directory, FencingTokens tokens, Duration wait) {
    return new FileRunLocks(directory, tokens, wait);
  }

  /** The lock of the extraction of one stream. */
  static String streamLock(String client, String source, String stream) {
    return FencingTokens.streamLock(client, source, stream);
  }

  /** The lock of the transform of one client. */
  static String clientTransformLock(String client) {
    return "transform:" + client;
  }

  /** The lock of loads into one warehouse database, e.g. ("duckdb", "/abs/warehouse.duckdb"). */
  static String warehouseLoadLock(String warehouse, String database) {
    return "load:" + warehouse + ":" + database;
  }

  /** A held lock; closing it releases the lock if still held. */
  interface RunLock extends AutoCloseable {
    String name();

    long fencingToken();

    /**
     * Throws {@link io.dif.core.error.ErrorCode#RUN_FENCED} if the lock was lost, or if a newer
     * token was issued for it since: call it right before committing.
     */
    void checkHeld();

    @Override
    void close();
  }
}
