package io.dif.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * The state machine of terraform/ executed locally, for tests outside this package (the
 * AWS-in-a-box test runs it with the real stage entry points). See {@link StateMachineIT} for
 * the stages file and the result.
 */
public final class LocalExecutions {
  private LocalExecutions() {}

  /** One execution with stage timeouts of {@code timeoutSeconds}. */
  public static JsonNode execute(Path folder, JsonNode stages, JsonNode input,
      int timeoutSeconds) {
    return LocalStateMachine.execute(folder, LocalStateMachine.render(
        StateMachineIT.templateValues(timeoutSeconds, timeoutSeconds)), stages, input);
  }
}
