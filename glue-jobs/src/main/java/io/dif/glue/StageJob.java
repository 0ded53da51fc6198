package io.dif.glue;

import io.dif.core.run.StopSignal;
import io.dif.pipeline.Deployment;
import io.dif.pipeline.ExitCodes;
import io.dif.pipeline.Pipeline;
import io.dif.pipeline.StageDisplay;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * What the stage jobs share: arguments to a pipeline, the stage, and the exit-code contract.
 * Under {@code spark-submit} and in tests the process exits with the DIF exit code; on Glue,
 * where a job's exit status is not its own, a failed job throws with a message starting
 * {@code DIF_EXIT_CODE=<code>: } (the job run's ErrorMessage, on which the state machine retries
 * exactly the retriable failures, 75).
 */
final class StageJob {
  /** One stage of a pipeline, returning the summary lines to print. */
  interface Stage {
    void run(Pipeline pipeline, JobArguments arguments, PrintStream out);
  }

  private StageJob() {}

  /** How a stage ended: its exit code and, when it failed, what to tell the operator. */
  record Outcome(String name, int code, String description) {
    /** Ends the process (or, on Glue, the job run) with the code; nothing when it is 0. */
    void exit(boolean onGlue) {
      if (code == ExitCodes.OK) {
        return;
      }
      if (onGlue) {
        throw new IllegalStateException("DIF_EXIT_CODE=" + code + ": " + name + ": "
            + description.lines().findFirst().orElse(""));
      }
      System.exit(code);
    }
  }

  /** Runs the stage, telling the operator on {@code err} when it fails. */
  static Outcome run(String name, Stage stage, Map<String, String> environment, String[] args,
      PrintStream out, PrintStream err) {
    try {
      JobArguments arguments = JobArguments.parse(environment, args);
      try (Deployment deployment = Deployment.open(arguments.profile(), Clock.systemUTC())) {
        Pipeline pipeline = new Pipeline(deployment, deployment.client(arguments.client()),
            StopSignal.never(), StageDisplay.none()).waitingForLocks(arguments.lockWait());
        stage.run(pipeline, arguments, out);
        pipeline.failures().throwIfAny();
      }
      return new Outcome(name, ExitCodes.OK, "");
    } catch (RuntimeException | Error e) {
      int code = ExitCodes.of(e);
      String description = ExitCodes.describe(e);
      err.println(name + ": " + description);
      if (code == ExitCodes.INTERNAL_ERROR) {
        e.printStackTrace(err); // the job's own log; it holds no secret
      }
      err.flush();
      return new Outcome(name, code, description);
    }
  }

  /** Whether Glue started this job: it passes the job run's id. */
  static boolean onGlue(String[] args) {
    for (String arg : args) {
      if (arg.equals("--JOB_RUN_ID") || arg.startsWith("--JOB_RUN_ID=")
          || arg.equals("--JOB_ID") || arg.startsWith("--JOB_ID=")) {
        return true;
      }
    }
    return false;
  }
}
