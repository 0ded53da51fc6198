package io.dif.core.config;

import java.util.Map;
import java.util.Optional;

/**
 * A request. Path, query, header values and the string values of the body are templates:
 * {@code {name}} is replaced by a bound parent field, a window variable ({@code window_start},
 * {@code window_end} as yyyy-MM-dd, their {@code _year}, {@code _month} and {@code _day}) or, in
 * report polls, {@code report_id}. In a body, a string that is only {@code "{name:number}"}
 * becomes a JSON number and {@code "{name:json}"} the JSON value the variable holds.
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
        + " hold {variables}. A string that is only \"{name:number}\" is sent as a number,"
        + " \"{name:json}\" as the JSON value the variable holds; windows add"
        + " {window_start_year}, {window_start_month}, {window_start_day} (and window_end_...)."
        + " Sent as application/json.")
    Optional<String> body) {}
