package io.dif.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which answers mean "slow down" besides HTTP 429, and how long to wait. A throttle answer is
 * retried like a 429 and pauses every request of the source. An answer is a throttle answer
 * when it is a 429; when its status is in {@code statuses} and one of {@code when_headers}
 * holds (every such answer when that is left empty); or when it failed and its body carries
 * one of {@code body_codes} at {@code body_code} or matches one of {@code body_messages}.
 * The wait is the first of {@code wait_order} the answer names, else {@code pause}.
 */
public record ThrottleConfig(
    @ConfigField(description = "Further HTTP statuses that mean throttling (429 always does):"
        + " every such answer, or only those one of when_headers qualifies.")
    List<Integer> statuses,
    @ConfigField(description = "Qualifies statuses: an answer with such a status is throttling"
        + " only when one of these headers has the given value (\"*\": is present), e.g."
        + " {x-ratelimit-remaining: \"0\", retry-after: \"*\"} for GitHub, so a 403 permission"
        + " error fails at once. Header names are case-insensitive.")
    Map<String, String> whenHeaders,
    @ConfigField(description = "JSON pointer to an error code in the body of a failed answer,"
        + " e.g. /error/code for Meta.", pattern = Names.JSON_POINTER)
    Optional<String> bodyCode,
    @ConfigField(description = "Error codes at body_code that mean throttling in any failed"
        + " answer, numbers or strings, e.g. Meta's 4, 17, 32, 613, 80000-80004.")
    List<String> bodyCodes,
    @ConfigField(description = "Regular expressions (searched, case-sensitive unless (?i)) any"
        + " of which in the error message of a failed answer means throttling, e.g."
        + " \"(?i)secondary rate limit\".")
    List<String> bodyMessages,
    @ConfigField(description = "JSON pointer to the error message body_messages look at; when"
        + " left out, the first of /error/message, /message, /details, /detail,"
        + " /error_description, /error, /Message, else the body's start.",
        pattern = Names.JSON_POINTER)
    Optional<String> bodyMessage,
    @ConfigField(description = "Headers that say when the limit resets, as seconds to wait or as"
        + " epoch seconds, e.g. x-ratelimit-reset. Used only when remaining_header is 0 (or"
        + " absent from the answer).")
    List<String> resetHeaders,
    @ConfigField(description = "Header with the requests left in the limit's window, e.g."
        + " x-ratelimit-remaining: a reset header is a wait only when this is 0, since some"
        + " platforms (GitHub) send the reset time on every answer.")
    Optional<String> remainingHeader,
    @ConfigField(description = "A platform's own wait hint, e.g. Meta's"
        + " x-business-use-case-usage (JSON; estimated_time_to_regain_access in minutes).")
    Optional<WaitHeaderConfig> waitHeader,
    @ConfigField(description = "Which wait a throttle answer names wins, first present first:"
        + " retry_after, wait_header, reset. Empty: [retry_after, wait_header, reset].")
    List<ThrottleWait> waitOrder,
    @ConfigField(description = "Pause of the whole source after a throttle answer that names no"
        + " wait.", defaultValue = "PT30S")
    Duration pause) {

  /** The order of waits to look for, the default order when none is configured. */
  public List<ThrottleWait> waitOrderOrDefault() {
    return waitOrder.isEmpty()
        ? List.of(ThrottleWait.RETRY_AFTER, ThrottleWait.WAIT_HEADER, ThrottleWait.RESET)
        : waitOrder;
  }
}
