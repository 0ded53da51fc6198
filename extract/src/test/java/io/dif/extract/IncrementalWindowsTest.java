package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.config.WindowConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.extract.IncrementalWindows.DateRange;
import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncrementalWindowsTest {
  private static final LocalDate START = LocalDate.of(2023, 1, 1);
  private static final LocalDate TODAY = LocalDate.of(2024, 12, 1);
  private static final WindowConfig DAILY = new WindowConfig(START, Optional.empty(),
      Period.ofDays(1), Period.ofDays(3));

  @Test
  void theFirstRunExtractsFromTheWindowStartToYesterday() {
    assertThat(range(Optional.empty(), Optional.empty(), Optional.empty()))
        .isEqualTo(new DateRange(START, TODAY.minusDays(1)));
  }

  @Test
  void laterRunsExtractOnlyTheLookbackBeforeTheMarkAndTheNewDays() {
    LocalDate mark = TODAY.minusDays(2);
    assertThat(range(Optional.of(mark), Optional.empty(), Optional.empty()))
        .isEqualTo(new DateRange(mark.minusDays(2), TODAY.minusDays(1)));
  }

  @Test
  void withoutLookbackARunAfterYesterdaysMarkHasNothingToDo() {
    WindowConfig noLookback = new WindowConfig(START, Optional.empty(), Period.ofDays(1),
        Period.ZERO);
    DateRange range = IncrementalWindows.range(noLookback, Optional.of(TODAY.minusDays(1)),
        Optional.empty(), Optional.empty(), TODAY);
    assertThat(range.isEmpty()).isTrue();
    assertThat(range).hasToString("nothing");
  }

  @Test
  void theLookbackNeverReachesBeforeTheWindowStart() {
    assertThat(range(Optional.of(START), Optional.empty(), Optional.empty()).first())
        .isEqualTo(START);
  }

  @Test
  void aFixedEndStopsTheRangeAndAFutureEndStopsAtYesterday() {
    WindowConfig ended = new WindowConfig(START, Optional.of(LocalDate.of(2023, 1, 7)),
        Period.ofDays(1), Period.ofDays(2));
    assertThat(IncrementalWindows.range(ended, Optional.of(LocalDate.of(2023, 1, 7)),
        Optional.empty(), Optional.empty(), TODAY))
        .isEqualTo(new DateRange(LocalDate.of(2023, 1, 6), LocalDate.of(2023, 1, 7)));
    WindowConfig future = new WindowConfig(START, Optional.of(TODAY.plusDays(30)),
        Period.ofDays(1), Period.ZERO);
    assertThat(IncrementalWindows.range(future, Optional.empty(), Optional.empty(),
        Optional.empty(), TODAY).last()).isEqualTo(TODAY.minusDays(1));
  }

  @Test
  void aBackfillIsExactlyTheRangeAskedWhateverTheMark() {
    LocalDate from = LocalDate.of(2023, 3, 1);
    LocalDate to = LocalDate.of(2023, 3, 31);
    assertThat(range(Optional.of(TODAY.minusDays(1)), Optional.of(from), Optional.of(to)))
        .isEqualTo(new DateRange(from, to));
    assertThat(range(Optional.empty(), Optional.of(from), Optional.empty()))
        .isEqualTo(new DateRange(from, TODAY.minusDays(1)));
  }

  @Test
  void aRangeWhoseFromIsAfterItsToIsRefused() {
    assertThatThrownBy(() -> IncrementalWindows.checkRange(Optional.of(LocalDate.of(2024, 2, 1)),
        Optional.of(LocalDate.of(2024, 1, 1))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Cannot run a backfill: --from 2024-02-01 is after --to 2024-01-01");
  }

  @Test
  void theMarkAdvancesOnlyThroughWindowsJoinedToTheCommittedPrefix() {
    Optional<LocalDate> none = Optional.empty();
    assertThat(advance(none, START, START)).contains(START);
    // a backfill in the middle of the history without the days before it: no mark
    assertThat(advance(none, LocalDate.of(2023, 3, 1), LocalDate.of(2023, 3, 31))).isEmpty();
    Optional<LocalDate> january = Optional.of(LocalDate.of(2023, 1, 31));
    assertThat(advance(january, LocalDate.of(2023, 2, 2), LocalDate.of(2023, 2, 10)))
        .isEqualTo(january);
    assertThat(advance(january, LocalDate.of(2023, 2, 1), LocalDate.of(2023, 2, 10)))
        .contains(LocalDate.of(2023, 2, 10));
    // overlapping the prefix moves it forward, lookback windows never move it backwards
    assertThat(advance(january, LocalDate.of(2023, 1, 15), LocalDate.of(2023, 2, 5)))
        .contains(LocalDate.of(2023, 2, 5));
    assertThat(advance(january, LocalDate.of(2023, 1, 29), LocalDate.of(2023, 1, 29)))
        .isEqualTo(january);
  }

  @Test
  void theMarkNeverPassesYesterday() {
    assertThat(advance(Optional.of(TODAY.minusDays(3)), TODAY.minusDays(2), TODAY.plusDays(4)))
        .contains(TODAY.minusDays(1));
  }

  private static DateRange range(Optional<LocalDate> mark, Optional<LocalDate> from,
      Optional<LocalDate> to) {
    return IncrementalWindows.range(DAILY, mark, from, to, TODAY);
  }

  private static Optional<LocalDate> advance(Optional<LocalDate> mark, LocalDate start,
      LocalDate end) {
    return IncrementalWindows.advance(DAILY, mark, start, end, TODAY);
  }
}
