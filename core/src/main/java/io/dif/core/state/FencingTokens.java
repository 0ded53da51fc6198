package io.dif.core.state;

/**
 * Fencing tokens for run locks: each acquisition of a lock gets a number greater than every
 * earlier one, so storage can refuse writes of a holder whose lock was taken over. The control
 * store is the authority for them whatever holds the lock itself (a file lock, a Redis lease):
 * tokens stay monotonic when Redis restarts empty or a deployment switches lock backends.
 *
 * <p>The lock of a stream is named {@code extract:CLIENT.SOURCE.STREAM} ({@link #streamLock});
 * its tokens are also greater than every token already stored in that stream's checkpoints
 * (written under an earlier counter, e.g. the one Redis kept before the control store was the
 * authority), so no checkpoint ever needs a manual cleanup.
 */
public interface FencingTokens {

  /** The next token of {@code lock}: strictly greater than all earlier ones, also across threads. */
  long next(String lock);

  /** The last token handed out for {@code lock}, 0 if none. */
  long current(String lock);

  /** The name of the lock of one stream's extraction. */
  static String streamLock(String client, String source, String stream) {
    return "extract:" + client + "." + source + "." + stream;
  }
}
