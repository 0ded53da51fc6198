package io.dif.extract;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What to extract in one invocation.
 *
 * @param source only this source, or all
 * @param stream only this stream (and the parents it depends on), or all
 * @param from first data date, overriding the streams' window start
 * @param to last data date, overriding the streams' window end
 * @param today the logical run date: the data date of streams without a window
 */
public record ExtractionPlan(Optional<String> source, Optional<String> stream,
    Optional<LocalDate> from, Optional<LocalDate> to, LocalDate today) {

  public static ExtractionPlan everything(LocalDate today) {
    return new ExtractionPlan(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), today);
  }
}
