package io.dif.core.run;

import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;

/** The run stopped early because a stop was requested ({@link StopSignal}); it resumes later. */
public final class RunStoppedException extends DifException {
  private final StopSignal.Stop stop;

  RunStoppedException(StopSignal.Stop stop, String stoppingWhat) {
    super(ErrorCode.RUN_STOPPED, "Stopped " + stoppingWhat + " on " + stop.signal()
        + ": what was committed is kept; the next run resumes from there", null);
    this.stop = stop;
  }

  /** The exit code the signal asks for (130 for SIGINT, 143 for SIGTERM). */
  public int exitCode() {
    return stop.exitCode();
  }
}
