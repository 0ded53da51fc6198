package io.dif.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleTimesTest {
  /** 05:30 Paris time every day, started within 30 minutes. */
  private static final ScheduleTimes DAILY = new ScheduleTimes(new ScheduleConfig(
      "30 5 * * ? *", "Europe/Paris", true, Optional.of(30)));
  private static final Duration GRACE = Duration.ofHours(2);

  @Test
  void readsTheCronFieldsInTheSchedulesTimeZone() {
    // 1 December: Paris is UTC+1, so 05:30 Paris is 04:30 UTC
    Instant now = Instant.parse("2026-12-01T03:00:00Z");
    assertThat(DAILY.next(now)).contains(Instant.parse("2026-12-01T04:30:00Z"));
    assertThat(DAILY.previous(now)).contains(Instant.parse("2026-11-30T04:30:00Z"));
    // summer time: UTC+2
    assertThat(DAILY.next(Instant.parse("2026-07-01T00:00:00Z")))
        .contains(Instant.parse("2026-07-01T03:30:00Z"));
  }

  @Test
  void aWeekdayScheduleWithEventBridgeFields() {
    ScheduleTimes weekdays = new ScheduleTimes(new ScheduleConfig("0 6 ? * MON-FRI *", "UTC",
        true, Optional.empty()));
    // Saturday 5 December 2026 → Monday 7 December
    assertThat(weekdays.next(Instant.parse("2026-12-05T10:00:00Z")))
        .contains(Instant.parse("2026-12-07T06:00:00Z"));
    assertThat(weekdays.previous(Instant.parse("2026-12-05T10:00:00Z")))
        .contains(Instant.parse("2026-12-04T06:00:00Z"));
  }

  @Test
  void lateOnlyOnceTheStartWindowAndGracePassedWithoutADelivery() {
    Instant start = Instant.parse("2026-12-01T04:30:00Z");
    Optional<Instant> yesterday = Optional.of(Instant.parse("2026-11-30T05:10:00Z"));
    // within window + grace of today's start: not late yet (yesterday's run delivered)
    assertThat(DAILY.lateFor(Instant.parse("2026-12-01T06:59:00Z"), yesterday, GRACE))
        .isEmpty();
    // past it without a delivery since the start: late for today's start
    assertThat(DAILY.lateFor(Instant.parse("2026-12-01T07:01:00Z"), yesterday, GRACE))
        .contains(start);
    // delivered after the start: on time
    assertThat(DAILY.lateFor(Instant.parse("2026-12-01T09:00:00Z"),
        Optional.of(Instant.parse("2026-12-01T05:02:00Z")), GRACE)).isEmpty();
    // never delivered: late as soon as a start is due
    assertThat(DAILY.lateFor(Instant.parse("2026-12-01T09:00:00Z"), Optional.empty(), GRACE))
        .contains(start);
  }
}
