package io.dif.core.state;

import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;

/** The requested move is not allowed from the document's current state. */
public final class InvalidTransitionException extends DifException {
  public InvalidTransitionException(String message) {
    super(ErrorCode.STATE_TRANSITION_INVALID, message, null);
  }
}
