package io.dif.pipeline;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DifException;
import io.dif.core.run.RunStoppedException;

/**
 * The exit-code contract every entry point keeps (Step Functions and schedulers retry on it):
 * 0 ok, 1 a user or config error, 2 a rejection that retrying will not change, 75 retriable,
 * 70 an internal error, 130/143 stopped by a signal. A run of which parts failed differently
 * exits with the most severe code: internal, then user, then rejected, then retriable (retried
 * only when nothing else failed, since retrying cannot fix the rest).
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int USER_ERROR = 1;
  public static final int REJECTED = 2;
  public static final int INTERNAL_ERROR = 70;
  public static final int RETRIABLE = 75;

  private ExitCodes() {}

  /** The exit code of a failure (of the most severe part of a partial run). */
  public static int of(Throwable e) {
    if (e instanceof PartialRunException partial) {
      int worst = OK;
      for (PartialRunException.Failure failure : partial.failures()) {
        int code = of(failure.error());
        worst = severity(code) > severity(worst) ? code : worst;
      }
      return worst;
    }
    if (e instanceof RunStoppedException stopped) {
      return stopped.exitCode();
    }
    if (e instanceof ConfigurationException) {
      return USER_ERROR;
    }
    if (e instanceof DifException dif) {
      return dif.retriable() ? RETRIABLE : REJECTED;
    }
    return INTERNAL_ERROR;
  }

  public static int severity(int exitCode) {
    return switch (exitCode) {
      case INTERNAL_ERROR -> 4;
      case USER_ERROR -> 3;
      case REJECTED -> 2;
      case RETRIABLE -> 1;
      default -> 0;
    };
  }

  /** What to tell the operator, one line per failed part; never a stack trace. */
  public static String describe(Throwable e) {
    if (e instanceof PartialRunException partial) {
      StringBuilder text = new StringBuilder(partial.getMessage()).append(':');
      for (PartialRunException.Failure failure : partial.failures()) {
        text.append("\n  ").append(failure.what()).append(": ").append(line(failure.error()));
      }
      return text.toString();
    }
    return line(e);
  }

  private static String line(Throwable e) {
    if (e instanceof DifException dif && !(e instanceof ConfigurationException)
        && !(e instanceof RunStoppedException)) {
      return dif.getMessage() + " (error " + dif.code()
          + (dif.retriable() ? ", retriable: running again may succeed" : "") + ")";
    }
    if (e instanceof DifException) {
      return e.getMessage();
    }
    String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst()
        .orElse("");
    return "Internal error (a bug in DIF, please report it): " + e.getClass().getName()
        + message;
  }
}
