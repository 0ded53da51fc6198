package io.dif.core.config;

import java.util.Map;

/**
 * The request of a stream. Path, query and header values are templates: {@code {name}} is
 * replaced by a bound parent field or a window variable ({@code window_start},
 * {@code window_end}).
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
    Map<String, String> headers) {}
