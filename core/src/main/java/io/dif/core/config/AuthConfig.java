package io.dif.core.config;

import java.util.Map;
import java.util.Optional;

/** Request authentication. Secrets live in the credential store, never in YAML: only names. */
public record AuthConfig(
    @ConfigField(description = "Kind of authentication.", defaultValue = "none")
    AuthType type,
    @ConfigField(description = "Name of the credential in the credential store (not the value):"
        + " the token (bearer), key (api_key), password (basic) or refresh token (oauth2).",
        pattern = Names.IDENTIFIER)
    Optional<String> credential,
    @ConfigField(description = "For api_key: header or query.", defaultValue = "header")
    KeyLocation in,
    @ConfigField(description = "Header that carries the key, for api_key in a header.",
        defaultValue = "X-Api-Key")
    String header,
    @ConfigField(description = "Query parameter that carries the key, for api_key in the query.",
        defaultValue = "api_key")
    String param,
    @ConfigField(description = "For basic: the user name (not a secret).")
    Optional<String> username,
    @ConfigField(description = "For oauth2: the token endpoint.", pattern = "https?://.+")
    Optional<String> tokenUrl,
    @ConfigField(description = "For oauth2: the client id (not a secret).")
    Optional<String> clientId,
    @ConfigField(description = "For oauth2: name of the client secret in the credential store.",
        pattern = Names.IDENTIFIER)
    Optional<String> clientSecret,
    @ConfigField(description = "For oauth2: scope asked for when refreshing, if the API wants it.")
    Optional<String> scope,
    @ConfigField(description = "Further secret headers: header name to credential name (e.g."
        + " Google Ads developer-token, Microsoft Advertising DeveloperToken).")
    Map<String, String> secretHeaders) {}
