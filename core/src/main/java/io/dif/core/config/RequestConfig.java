package io.dif.core.config;

import java.util.Map;
import java.util.Optional;

/**
 * A request. Path, query, header values and the string values of the body are templates:
 * {@code {name}} is replaced by a bound parent field, a window variable ({@code window_start},
 * {@code window_end}) or, in report polls, {@code report_id}.
 */
public record RequestConfig(
    @ConfigField(description = "HTTP method.", defaultValue = "get")
    HttpMethod method,
    @ConfigField(description = "Path appended to the source's base URL; may hold {variables}.",
        required = true, pattern = "/.*")
    String path,
    @ConfigField(description = "Query parameters; values may hold {variables}.")
    Map<String, String> query,
    @ConfigField(description = "Extra request headers (never credentials: use auth).")
    Map<String, String> headers,
    @ConfigField(description = "JSON body (as text, e.g. a YAML block); its string values may"
        + " hold {variables}. Sent as application/json.")
    Optional<String> body) {}
