package io.dif.extract;

import io.dif.core.config.WindowConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Which data dates a run of a windowed stream extracts. Without {@code --from/--to} a run is
 * incremental: from the stream's high-water mark minus {@code window.lookback} (platforms
 * restate recent days) up to {@code window.end} or yesterday. With {@code --from/--to} it is a
 * backfill of exactly that range. The mark is the last day of the windows committed without a
 * gap from {@code window.start}: a backfill that joins that prefix moves it forward, and nothing
 * moves it backwards.
 */
public final class IncrementalWindows {
  private IncrementalWindows() {}

  /** Data dates, both ends inclusive; empty when {@code first} is after {@code last}. */
  public record DateRange(LocalDate first, LocalDate last) {
    public boolean isEmpty() {
      return first.isAfter(last);
    }

    @Override
    public String toString() {
      return isEmpty() ? "nothing" : first.equals(last) ? first.toString() : first + ".." + last;
    }
  }

  /**
   * The range a run extracts.
   *
   * @param mark the stream's high-water mark, empty before its first committed window
   * @param today the logical run date: incremental runs stop at yesterday
   */
  public static DateRange range(WindowConfig window, Optional<LocalDate> mark,
      Optional<LocalDate> from, Optional<LocalDate> to, LocalDate today) {
    if (from.isPresent() || to.isPresent()) {
      return new DateRange(from.orElse(window.start()), to.orElseGet(() -> lastDay(window, today)));
    }
    LocalDate first = mark.map(m -> m.plusDays(1).minus(window.lookback()))
        .filter(day -> day.isAfter(window.start())).orElse(window.start());
    return new DateRange(first, lastDay(window, today));
  }

  /**
   * The mark after the window {@code [start, end]} committed: {@code end} (never past
   * yesterday) if the window joins the committed prefix, else the mark unchanged.
   */
  public static Optional<LocalDate> advance(WindowConfig window, Optional<LocalDate> mark,
      LocalDate start, LocalDate end, LocalDate today) {
    LocalDate nextNeeded = mark.map(m -> m.plusDays(1)).orElse(window.start());
    LocalDate reached = end.isBefore(today) ? end : today.minusDays(1);
    if (start.isAfter(nextNeeded) || mark.map(m -> !reached.isAfter(m)).orElse(false)
        || reached.isBefore(window.start())) {
      return mark;
    }
    return Optional.of(reached);
  }

  /** Refuses a range whose first day is after its last: one line naming both options. */
  public static void checkRange(Optional<LocalDate> from, Optional<LocalDate> to) {
    if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot run a backfill: --from "
          + from.get() + " is after --to " + to.get());
    }
  }

  private static LocalDate lastDay(WindowConfig window, LocalDate today) {
    LocalDate yesterday = today.minusDays(1);
    return window.end().filter(end -> end.isBefore(yesterday)).orElse(yesterday);
  }
}
