package io.dif.sandbox;

/**
 * An error the sandbox answers the way the Graph API does:
 * {@code {"error":{"message":...,"type":"OAuthException","code":...}}}.
 */
final class GraphApiError extends RuntimeException {

  /** Invalid parameter, unknown object, unsupported request. */
  static final int CODE_INVALID_PARAMETER = 100;
  /** Application request limit reached. */
  static final int CODE_REQUEST_LIMIT = 17;
  /** Invalid or missing access token. */
  static final int CODE_ACCESS_TOKEN = 190;
  /** Unexpected failure inside the sandbox. */
  static final int CODE_UNKNOWN = 1;

  private final int httpStatus;
  private final int code;

  private GraphApiError(int httpStatus, int code, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.code = code;
  }

  static GraphApiError invalidParameter(String message) {
    return new GraphApiError(400, CODE_INVALID_PARAMETER, message);
  }

  static GraphApiError notFound(String message) {
    return new GraphApiError(404, CODE_INVALID_PARAMETER, message);
  }

  static GraphApiError unauthorized(String message) {
    return new GraphApiError(401, CODE_ACCESS_TOKEN, message);
  }

  static GraphApiError requestLimitReached() {
    return new GraphApiError(429, CODE_REQUEST_LIMIT, "User request limit reached");
  }

  static GraphApiError unknown() {
    return new GraphApiError(500, CODE_UNKNOWN, "An unknown error has occurred.");
  }

  int httpStatus() {
    return httpStatus;
  }

  int code() {
    return code;
  }

  String type() {
    return "OAuthException";
  }
}
