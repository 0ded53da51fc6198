package io.dif.core.error;

/** The data received breaks a rule the pipeline relies on (shape, pagination, types). */
public class DataException extends DifException {
  public DataException(ErrorCode code, String message) {
    super(code, message, null);
  }

  public DataException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
