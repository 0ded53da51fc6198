package io.dif.core.error;

/** A transient failure (network, throttling, a busy server): the same work may succeed later. */
public class RetriableException extends DifException {
  public RetriableException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
