package io.dif.extract.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.config.ThrottleConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.Response;

/**
 * Tells throttle answers from other failures: HTTP 429, a configured status, or a configured
 * error code in the body of a failed answer (Meta's 400 with {@code "code": 17}), and how long
 * the server asked to wait ({@code Retry-After}, reset headers).
 */
public final class ThrottleRule {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PEEK_LIMIT = 64 * 1024;
  /** Reset values above this are epoch seconds; below, seconds to wait. */
  private static final long EPOCH_SECONDS_FLOOR = 1_000_000_000L;

  private final ThrottleConfig config;
  private final List<String> waitHeaders;

  private ThrottleRule(ThrottleConfig config) {
    this.config = config;
    List<String> headers = new ArrayList<>(List.of("Retry-After"));
    headers.addAll(config.resetHeaders());
    this.waitHeaders = List.copyOf(headers);
  }

  public static ThrottleRule of(ThrottleConfig config) {
    return new ThrottleRule(config);
  }

  /** Whether the answer asks the client to slow down. Reads at most 64 KiB ahead of the body. */
  public boolean isThrottle(Response response) {
    if (response.code() == 429 || config.statuses().contains(response.code())) {
      return true;
    }
    if (response.isSuccessful() || config.bodyCode().isEmpty() || config.bodyCodes().isEmpty()) {
      return false;
    }
    return bodyCode(response).map(config.bodyCodes()::contains).orElse(false);
  }

  private Optional<Integer> bodyCode(Response response) {
    try {
      JsonNode code = JSON.readTree(response.peekBody(PEEK_LIMIT).string())
          .at(config.bodyCode().get());
      if (code.isInt() || (code.isTextual() && code.asText().matches("-?\\d{1,9}"))) {
        return Optional.of(code.asInt());
      }
    } catch (IOException notJson) {
      // a body that is not JSON carries no code
    }
    return Optional.empty();
  }

  /** The wait the server asked for, if any: the longest of the wait headers present. */
  public Optional<Duration> requestedWait(Response response, Clock clock) {
    Optional<Duration> longest = Optional.empty();
    for (String header : waitHeaders) {
      String value = response.header(header);
      if (value != null) {
        Optional<Duration> wait = parseWait(value.trim(), clock.instant());
        if (wait.isPresent() && (longest.isEmpty() || wait.get().compareTo(longest.get()) > 0)) {
          longest = wait;
        }
      }
    }
    return longest;
  }

  /** Pause of the source after a throttle answer that names no wait. */
  public Duration defaultPause() {
    return config.pause();
  }

  static Optional<Duration> parseWait(String value, Instant now) {
    try {
      long seconds = (long) Math.ceil(Double.parseDouble(value));
      if (seconds >= EPOCH_SECONDS_FLOOR) {
        return Optional.of(nonNegative(Duration.between(now, Instant.ofEpochSecond(seconds))));
      }
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    } catch (NumberFormatException notNumber) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(nonNegative(Duration.between(now, at)));
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }
}
