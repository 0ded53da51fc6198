package io.dif.ingest;

import java.util.Optional;

/**
 * A request refused with an HTTP status and a message for the sender; the message names what
 * is wrong and never carries a key, a secret or the body.
 */
final class ApiError extends RuntimeException {
  private final int status;
  private final Optional<Long> retryAfterSeconds;

  ApiError(int status, String message) {
    this(status, message, Optional.empty());
  }

  ApiError(int status, String message, Optional<Long> retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  int status() {
    return status;
  }

  Optional<Long> retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
