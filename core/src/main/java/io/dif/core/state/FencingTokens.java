package io.dif.core.state;

/**
 * Fencing tokens for run locks: each acquisition of a lock gets a number greater than every
 * earlier one, so storage can refuse writes of a holder whose lock was taken over.
 */
public interface FencingTokens {

  /** The next token of {@code lock}: strictly greater than all earlier ones, also across threads. */
  long next(String lock);

  /** The last token handed out for {@code lock}, 0 if none. */
  long current(String lock);
}
