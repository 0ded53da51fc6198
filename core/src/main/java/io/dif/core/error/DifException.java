package io.dif.core.error;

/**
 * Root of DIF's errors. Every error carries a stable {@link ErrorCode} so operators and
 * orchestration (Step Functions retry policies) can react without parsing messages.
 * Messages read "Cannot &lt;action&gt;: &lt;reason&gt;: &lt;value&gt;" and never contain secrets.
 */
public abstract class DifException extends RuntimeException {
  private final ErrorCode code;

  protected DifException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** Whether running the same work again may succeed without any change. */
  public boolean retriable() {
    return code.retriable();
  }
}
