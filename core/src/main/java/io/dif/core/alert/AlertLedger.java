package io.dif.core.alert;

import java.util.List;

/**
 * The alerts that are open, kept in the control store so that every process of a deployment
 * (the CLI today, the ECS task and the Glue jobs in AWS) sees the same ones: a problem is
 * alerted once until it is resolved, however many runs meet it.
 */
public interface AlertLedger {
  /** Records {@code alert} as open; false when its key is open already (nothing to send). */
  boolean open(OpenAlert alert);

  /** The open alerts of {@code client}, oldest first. */
  List<OpenAlert> open(String client);

  /** Closes the alert of {@code key}; false when it was not open. */
  boolean resolve(AlertKey key);
}
