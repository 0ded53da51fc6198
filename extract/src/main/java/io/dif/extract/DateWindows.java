package io.dif.extract;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;

/** Splits a date range into consecutive windows of one step, the last one cut at the end. */
final class DateWindows {
  private DateWindows() {}

  /** A window of data dates, both ends inclusive. */
  record Window(LocalDate start, LocalDate end) {}

  static List<Window> split(LocalDate first, LocalDate last, Period step) {
    List<Window> windows = new ArrayList<>();
    LocalDate start = first;
    while (!start.isAfter(last)) {
      LocalDate next = start.plus(step);
      LocalDate end = next.minusDays(1).isAfter(last) ? last : next.minusDays(1);
      windows.add(new Window(start, end));
      start = next;
    }
    return windows;
  }
}
