package io.dif.core.state;

import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;

/** Another writer changed the record first: re-read it and decide again. */
public final class StateConflictException extends DifException {
  public StateConflictException(String message) {
    super(ErrorCode.STATE_CONFLICT, message, null);
  }
}
