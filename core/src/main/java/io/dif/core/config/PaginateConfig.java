package io.dif.core.config;

import java.util.Optional;

/** Pagination of a stream. */
public record PaginateConfig(
    @ConfigField(description = "Kind of pagination.", defaultValue = "none")
    PaginationType type,
    @ConfigField(description = "For cursor: JSON pointer to the next-page token in the body.",
        pattern = Names.JSON_POINTER)
    Optional<String> token,
    @ConfigField(description = "For cursor: query parameter that carries the token.")
    Optional<String> param,
    @ConfigField(description = "For next_url: JSON pointer to the next page's URL in the body.",
        pattern = Names.JSON_POINTER)
    Optional<String> nextUrl,
    @ConfigField(description = "Stop when this JSON pointer is missing from a page (e.g. Meta's"
        + " /paging/next, absent on the last page while cursors are still present).",
        pattern = Names.JSON_POINTER)
    Optional<String> untilMissing,
    @ConfigField(description = "Most pages read per request chain; reaching it fails the stream"
        + " rather than landing a silent partial result.", defaultValue = "10000", min = 1)
    int maxPages) {}
