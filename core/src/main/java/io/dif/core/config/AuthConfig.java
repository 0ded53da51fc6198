package io.dif.core.config;

import java.util.Optional;

/** Request authentication. The secret itself lives in the credential store, never in YAML. */
public record AuthConfig(
    @ConfigField(description = "Kind of authentication.", defaultValue = "none")
    AuthType type,
    @ConfigField(description = "Name of the credential in the credential store (not the value).",
        pattern = Names.IDENTIFIER)
    Optional<String> credential,
    @ConfigField(description = "Header that carries the key, for type api_key.",
        defaultValue = "X-Api-Key")
    String header) {}
