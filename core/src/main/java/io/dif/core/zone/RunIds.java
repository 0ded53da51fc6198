package io.dif.core.zone;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Run ids sort by start time, so "the latest committed run" is the greatest id:
 * {@code 20261125T093012Z-4f1c}.
 */
public final class RunIds {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private RunIds() {}

  public static String next(Instant now) {
    return FORMAT.format(now) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
  }
  /**
   * When the run began, read from its id ({@code 20240107T031500Z-…}); empty for an id of
   * another form.
   */
  public static java.util.Optional<Instant> startedAt(String runId) {
    if (runId == null || runId.length() < 16) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Instant.from(FORMAT.parse(runId.substring(0, 16))));
    } catch (java.time.format.DateTimeParseException e) {
      return java.util.Optional.empty();
    }
  }

}
