package io.dif.extract.lock;

import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;

/** The run lost its lock to a newer run: it must not commit. */
public final class RunFencedException extends DifException {
  RunFencedException(String message) {
    super(ErrorCode.RUN_FENCED, message, null);
  }
}
