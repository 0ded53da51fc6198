package io.dif.core.config;

import java.util.Optional;

/**
 * How a finished report says it holds no data: no download URL, or a value in the poll
 * answer. Such a report is not an error: its window is committed without pages.
 */
public record NoDataConfig(
    @ConfigField(description = "A finished report without a URL at download_url has no data.",
        defaultValue = "false")
    boolean urlMissing,
    @ConfigField(description = "JSON pointer into the finished poll answer, compared with"
        + " value.", pattern = Names.JSON_POINTER)
    Optional<String> pointer,
    @ConfigField(description = "Text the value at pointer has when there is no data; \"null\""
        + " also matches a JSON null or a missing value.")
    Optional<String> value) {}
