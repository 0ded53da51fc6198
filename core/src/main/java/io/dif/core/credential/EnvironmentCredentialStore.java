package io.dif.core.credential;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.util.Locale;
import java.util.Map;

/**
 * Credentials from environment variables named {@code DIF_CREDENTIAL_<CLIENT>_<NAME>}, for local
 * runs and containers that receive secrets from their orchestrator.
 */
public final class EnvironmentCredentialStore implements CredentialStore {
  private final Map<String, String> environment;

  public EnvironmentCredentialStore(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static String variableName(String client, String name) {
    return ("DIF_CREDENTIAL_" + client + "_" + name).toUpperCase(Locale.ROOT);
  }

  @Override
  public Secret get(String client, String name) {
    String variable = variableName(client, name);
    String value = environment.get(variable);
    if (value == null || value.isEmpty()) {
      throw new ConfigurationException(ErrorCode.CREDENTIAL_MISSING, "Cannot find credential "
          + client + "." + name + ": set the environment variable " + variable);
    }
    return Secret.of(value);
  }
}
