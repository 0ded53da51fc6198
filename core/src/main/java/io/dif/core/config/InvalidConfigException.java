package io.dif.core.config;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.util.List;
import java.util.stream.Collectors;

/** A config file has one or more problems; all of them are listed, not only the first. */
public final class InvalidConfigException extends ConfigurationException {
  private final List<ConfigProblem> problems;

  public InvalidConfigException(String file, List<ConfigProblem> problems) {
    super(ErrorCode.CONFIG_INVALID, describe(file, problems));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String describe(String file, List<ConfigProblem> problems) {
    return "Cannot load client config " + file + ": " + problems.size() + " problem"
        + (problems.size() == 1 ? "" : "s") + "\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
