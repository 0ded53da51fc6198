package io.dif.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which answers mean "slow down" besides HTTP 429. A throttle answer is retried like a 429 and
 * pauses every request of the source, for as long as Retry-After or a reset header says, else
 * for {@code pause}.
 */
public record ThrottleConfig(
    @ConfigField(description = "Further HTTP statuses that always mean throttling (429 always"
        + " does).")
    List<Integer> statuses,
    @ConfigField(description = "JSON pointer to an error code in the body of a failed answer,"
        + " e.g. /error/code for Meta.", pattern = Names.JSON_POINTER)
    Optional<String> bodyCode,
    @ConfigField(description = "Error codes at body_code that mean throttling, e.g. Meta's"
        + " 4, 17, 32, 613, 80000-80004.")
    List<Integer> bodyCodes,
    @ConfigField(description = "Headers that say when the limit resets, as seconds to wait or as"
        + " epoch seconds (Retry-After is always honored).")
    List<String> resetHeaders,
    @ConfigField(description = "Pause of the whole source after a throttle answer that names no"
        + " wait.", defaultValue = "PT30S")
    Duration pause) {}
