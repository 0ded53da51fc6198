package io.dif.core.error;

/** The configuration or the invocation is wrong: fix it, retrying will not help. */
public class ConfigurationException extends DifException {
  public ConfigurationException(ErrorCode code, String message) {
    super(code, message, null);
  }
}
