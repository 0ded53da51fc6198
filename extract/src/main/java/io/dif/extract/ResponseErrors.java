package io.dif.extract;

import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.extract.http.RedactedUrl;
import io.dif.extract.http.ThrottleRule;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Turns an unsuccessful answer (after the retries) into DIF's error: retriable for throttling
 * and server errors, a rejection otherwise, naming stream, method, URL (no secrets), status and
 * the body's error text.
 */
final class ResponseErrors {
  private static final int ERROR_TEXT_LIMIT = 500;

  private ResponseErrors() {}

  static void check(String qualified, Request request, Response response, ThrottleRule throttle)
      throws IOException {
    if (response.isSuccessful()) {
      return;
    }
    String message = "Cannot fetch stream " + qualified + ": HTTP " + response.code() + " from "
        + request.method() + " " + RedactedUrl.of(request.url()) + ": " + errorText(response);
    if (response.code() >= 500 || throttle.isThrottle(response)) {
      throw new RetriableException(ErrorCode.HTTP_RETRIES_EXHAUSTED,
          message + " (retries exhausted)", null);
    }
    // the platform's rejection (exit 2): retrying will not help, the request or access must change
    throw new DataException(ErrorCode.HTTP_REJECTED, message);
  }

  /**
   * A request that failed on the network after its retries (connection refused, unknown host,
   * time-out, connection reset, a body cut off): retriable, in one line naming the stream and
   * the URL without secrets.
   */
  static RetriableException network(String qualified, Request request, IOException failure) {
    return new RetriableException(ErrorCode.HTTP_RETRIES_EXHAUSTED, "Cannot fetch stream "
        + qualified + ": " + reason(failure) + ": " + request.method() + " "
        + RedactedUrl.of(request.url()), failure);
  }

  /**
   * A page or file whose body broke off in each of {@code attempts} attempts: retriable, in one
   * line naming the stream and the URL without secrets.
   */
  static RetriableException brokenBody(String qualified, Request request, IOException failure,
      int attempts) {
    return new RetriableException(ErrorCode.HTTP_RETRIES_EXHAUSTED, "Cannot fetch stream "
        + qualified + ": the body broke off in " + attempts + (attempts == 1 ? " attempt" :
        " attempts") + " (" + reason(failure) + "): " + request.method() + " "
        + RedactedUrl.of(request.url()), failure);
  }

  private static String reason(IOException failure) {
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    String lower = message.toLowerCase(Locale.ROOT);
    if (failure instanceof ConnectException) {
      return "connection refused";
    }
    if (failure instanceof UnknownHostException) {
      return "unknown host " + message;
    }
    if (failure instanceof NoRouteToHostException) {
      return "no route to host";
    }
    if (failure instanceof SocketTimeoutException || lower.contains("timeout")) {
      return "timed out";
    }
    if (failure instanceof InterruptedIOException) {
      return "interrupted";
    }
    if (failure instanceof EOFException || lower.contains("unexpected end of stream")
        || lower.contains("end of zlib input")) {
      return "the answer was cut off (" + (message.isEmpty() ? "end of stream" : message) + ")";
    }
    if (failure instanceof SocketException && lower.contains("reset")) {
      return "connection reset";
    }
    String kind = failure.getClass().getSimpleName();
    return message.isEmpty() ? kind : kind + ": " + message;
  }

  /** The error message of a JSON error body, else the start of the body. */
  static String errorText(Response response) throws IOException {
    return ThrottleRule.errorMessage(response.peekBody(ERROR_TEXT_LIMIT).string());
  }
}
