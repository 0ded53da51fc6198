package io.dif.extract.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.config.ThrottleConfig;
import io.dif.core.config.ThrottleWait;
import io.dif.core.config.WaitHeaderConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.Response;

/**
 * Tells throttle answers from other failures, as {@link ThrottleConfig} describes: HTTP 429; a
 * configured status, qualified by headers when {@code when_headers} says so (GitHub's 403 is a
 * limit only with {@code x-ratelimit-remaining: 0} or {@code retry-after}, else a permission
 * error); an error code or message in the body of a failed answer (Meta's 400 with
 * {@code "code": 17}). And how long the answer asks to wait: the first of {@code wait_order}
 * that it names ({@code Retry-After}; the platform's wait header; a reset time, only when no
 * request is left).
 */
public final class ThrottleRule {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PEEK_LIMIT = 64 * 1024;
  private static final int MESSAGE_LIMIT = 500;
  /** Reset values above this are epoch seconds; below, seconds to wait. */
  private static final long EPOCH_SECONDS_FLOOR = 1_000_000_000L;
  private static final List<String> MESSAGE_POINTERS = List.of("/error/message", "/message",
      "/details", "/detail", "/error_description", "/error", "/Message");

  private final ThrottleConfig config;
  private final List<Pattern> messages;

  private ThrottleRule(ThrottleConfig config) {
    this.config = config;
    this.messages = config.bodyMessages().stream().map(Pattern::compile).toList();
  }

  public static ThrottleRule of(ThrottleConfig config) {
    return new ThrottleRule(config);
  }

  /** Whether the answer asks the client to slow down. Reads at most 64 KiB ahead of the body. */
  public boolean isThrottle(Response response) {
    if (response.code() == 429) {
      return true;
    }
    if (config.statuses().contains(response.code()) && qualified(response)) {
      return true;
    }
    if (response.isSuccessful() || (config.bodyCodes().isEmpty() && messages.isEmpty())) {
      return false;
    }
    String body = body(response);
    return bodyCodeMatches(body) || bodyMessageMatches(body);
  }

  private boolean qualified(Response response) {
    if (config.whenHeaders().isEmpty()) {
      return true;
    }
    for (Map.Entry<String, String> condition : config.whenHeaders().entrySet()) {
      String value = response.header(condition.getKey());
      if (value != null && (condition.getValue().equals("*")
          || value.trim().equalsIgnoreCase(condition.getValue().trim()))) {
        return true;
      }
    }
    return false;
  }

  private static String body(Response response) {
    try {
      return response.peekBody(PEEK_LIMIT).string();
    } catch (IOException unreadable) {
      return "";
    }
  }

  private boolean bodyCodeMatches(String body) {
    if (config.bodyCode().isEmpty() || config.bodyCodes().isEmpty()) {
      return false;
    }
    try {
      JsonNode code = JSON.readTree(body).at(config.bodyCode().get());
      return code.isValueNode() && !code.isNull()
          && config.bodyCodes().stream().anyMatch(c -> c.trim().equals(code.asText().trim()));
    } catch (IOException notJson) {
      return false; // a body that is not JSON carries no code
    }
  }

  private boolean bodyMessageMatches(String body) {
    if (messages.isEmpty()) {
      return false;
    }
    String message = config.bodyMessage().map(pointer -> at(body, pointer))
        .orElseGet(() -> errorMessage(body));
    return messages.stream().anyMatch(pattern -> pattern.matcher(message).find());
  }

  private static String at(String body, String pointer) {
    try {
      JsonNode node = JSON.readTree(body).at(pointer);
      return node.isValueNode() ? node.asText() : node.toString();
    } catch (IOException notJson) {
      return "";
    }
  }

  /** The error message of a JSON error body, else the (stripped) start of the body. */
  public static String errorMessage(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      for (String pointer : MESSAGE_POINTERS) {
        JsonNode message = json.at(pointer);
        if (message.isValueNode() && !message.asText().isBlank()) {
          return message.asText();
        }
      }
    } catch (IOException notJson) {
      // fall back to the raw text
    }
    String text = body.length() > MESSAGE_LIMIT ? body.substring(0, MESSAGE_LIMIT) : body;
    return text.isBlank() ? "(empty body)" : text.strip();
  }

  /** The wait the answer names, if any: the first of the configured order it names. */
  public Optional<Duration> requestedWait(Response response, Clock clock) {
    Instant now = clock.instant();
    for (ThrottleWait kind : config.waitOrderOrDefault()) {
      Optional<Duration> wait = switch (kind) {
        case RETRY_AFTER -> Optional.ofNullable(response.header("Retry-After"))
            .flatMap(value -> parseWait(value.trim(), now));
        case WAIT_HEADER -> config.waitHeader().flatMap(header -> waitHeader(header, response,
            now));
        case RESET -> resetWait(response, now);
      };
      if (wait.isPresent()) {
        return wait;
      }
    }
    return Optional.empty();
  }

  /** The longest reset wait, when the answer says no request is left (or says nothing). */
  private Optional<Duration> resetWait(Response response, Instant now) {
    Optional<String> remaining = config.remainingHeader().map(response::header)
        .map(String::trim);
    if (remaining.isPresent() && !isZero(remaining.get())) {
      return Optional.empty();
    }
    Optional<Duration> longest = Optional.empty();
    for (String header : config.resetHeaders()) {
      String value = response.header(header);
      if (value != null) {
        Optional<Duration> wait = parseWait(value.trim(), now);
        if (wait.isPresent() && (longest.isEmpty() || wait.get().compareTo(longest.get()) > 0)) {
          longest = wait;
        }
      }
    }
    return longest;
  }

  private static boolean isZero(String number) {
    try {
      return Double.parseDouble(number) <= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The platform's hint: a number, or the longest number at a (wildcard) pointer in JSON. A
   * hint of 0 names no wait (Meta sends 0 while a limit other than this one throttles).
   */
  static Optional<Duration> waitHeader(WaitHeaderConfig header, Response response, Instant now) {
    String value = response.header(header.name());
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    List<Double> numbers = new ArrayList<>();
    if (header.pointer().isEmpty()) {
      parseNumber(value.trim()).ifPresent(numbers::add);
    } else {
      try {
        collect(JSON.readTree(value), steps(header.pointer().get()), 0, numbers);
      } catch (IOException notJson) {
        return Optional.empty();
      }
    }
    return numbers.stream().max(Double::compare).filter(number -> number > 0)
        .map(number -> switch (header.unit()) {
          case MILLISECONDS -> Duration.ofMillis((long) Math.ceil(number));
          case SECONDS -> Duration.ofMillis((long) Math.ceil(number * 1000));
          case MINUTES -> Duration.ofMillis((long) Math.ceil(number * 60_000));
          case EPOCH_SECONDS -> Duration.between(now,
              Instant.ofEpochSecond((long) Math.ceil(number)));
        }).map(ThrottleRule::nonNegative);
  }

  private static List<String> steps(String pointer) {
    List<String> steps = new ArrayList<>();
    if (pointer.isEmpty()) {
      return steps;
    }
    for (String step : pointer.substring(1).split("/", -1)) {
      steps.add(step.replace("~1", "/").replace("~0", "~"));
    }
    return steps;
  }

  private static void collect(JsonNode node, List<String> steps, int index,
      List<Double> numbers) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return;
    }
    if (index == steps.size()) {
      if (node.isNumber()) {
        numbers.add(node.asDouble());
      } else if (node.isTextual()) {
        parseNumber(node.asText().trim()).ifPresent(numbers::add);
      }
      return;
    }
    String step = steps.get(index);
    if (step.equals("*")) {
      node.elements().forEachRemaining(child -> collect(child, steps, index + 1, numbers));
    } else if (node.isArray()) {
      if (step.matches("\\d{1,9}")) {
        collect(node.get(Integer.parseInt(step)), steps, index + 1, numbers);
      }
    } else {
      collect(node.get(step), steps, index + 1, numbers);
    }
  }

  private static Optional<Double> parseNumber(String text) {
    try {
      double number = Double.parseDouble(text);
      return Double.isFinite(number) ? Optional.of(number) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
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
