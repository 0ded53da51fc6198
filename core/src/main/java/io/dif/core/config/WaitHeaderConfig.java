package io.dif.core.config;

import java.util.Optional;

/**
 * A header in which a platform says how long to wait. Its value is a number, or JSON with the
 * number at {@code pointer}; a {@code *} step of the pointer matches every key or array element
 * (Meta keys its usage by business id), and the longest wait found wins.
 */
public record WaitHeaderConfig(
    @ConfigField(description = "Header name (case-insensitive), e.g. x-business-use-case-usage.",
        required = true)
    String name,
    @ConfigField(description = "JSON pointer to the number in the header's JSON value; * matches"
        + " any key or element, e.g. /*/*/estimated_time_to_regain_access. Left out: the value"
        + " is the number.", pattern = Names.JSON_POINTER)
    Optional<String> pointer,
    @ConfigField(description = "Unit of the number.", defaultValue = "seconds")
    WaitUnit unit) {}
