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
}
