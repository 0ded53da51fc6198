package io.dif.core.error;

/** Stable error codes; the prefix tells the family. */
public enum ErrorCode {
  CONFIG_INVALID(false),
  CONFIG_NOT_FOUND(false),
  HTTP_RETRIES_EXHAUSTED(true),
  HTTP_REJECTED(false),
  /** A client's database or SFTP server cannot be reached or broke off: try again later. */
  SOURCE_UNREACHABLE(true),
  /** A client's database or SFTP server refused what DIF asked (login, host key, SQL). */
  SOURCE_REJECTED(false),
  PAGINATION_LOOP(false),
  REPORT_FAILED(true),
  REPORT_TIMED_OUT(true),
  AUTH_REFRESH_FAILED(false),
  RAW_WRITE_FAILED(true),
  DATA_INVALID(false),
  TRANSFORM_FAILED(false),
  LOAD_FAILED(true),
  /** The warehouse refused the load (syntax, permission, data or integrity): retrying will not help. */
  LOAD_REJECTED(false),
  /** The warehouse is locked or overloaded by other work (a DuckDB file lock, a deadlock). */
  WAREHOUSE_BUSY(true),
  CREDENTIAL_MISSING(false),
  CREDENTIAL_UNREADABLE(false),
  STATE_TRANSITION_INVALID(false),
  STATE_CONFLICT(false),
  CONTROL_STORE_FAILED(true),
  /** Redis (shared rate limits and run locks) cannot be reached. */
  COORDINATION_UNAVAILABLE(true),
  /** Another run of the same client and stream holds the run lock. */
  RUN_LOCKED(true),
  /** The run lost its lock to a newer run and must not commit. */
  RUN_FENCED(false),
  /** The run was asked to stop (SIGINT, SIGTERM); what it committed stays, the next run resumes. */
  RUN_STOPPED(false);

  private final boolean retriable;

  ErrorCode(boolean retriable) {
    this.retriable = retriable;
  }

  public boolean retriable() {
    return retriable;
  }
}
