package io.dif.core.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a client's schedule starts its runs: the EventBridge Scheduler cron fields (minutes hours
 * day-of-month month day-of-week year, {@code ?}, {@code L}, {@code W}, {@code #}) are Quartz's
 * without the seconds, read in the schedule's time zone (cron-utils evaluates them). A client
 * is late when the latest scheduled start, plus its flexible window and a grace, has passed and
 * nothing was delivered since that start.
 */
public final class ScheduleTimes {
  private static final CronParser QUARTZ = new CronParser(
      CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

  private final ExecutionTime times;
  private final ZoneId zone;
  private final Duration window;

  public ScheduleTimes(ScheduleConfig schedule) {
    this.times = ExecutionTime.forCron(QUARTZ.parse("0 " + schedule.cron().trim()));
    this.zone = ZoneId.of(schedule.timeZone());
    this.window = Duration.ofMinutes(schedule.flexibleWindowMinutes().orElse(0));
  }

  /** The next scheduled start after {@code now}. */
  public Optional<Instant> next(Instant now) {
    return times.nextExecution(ZonedDateTime.ofInstant(now, zone)).map(ZonedDateTime::toInstant);
  }

  /** The latest scheduled start at or before {@code now}. */
  public Optional<Instant> previous(Instant now) {
    return times.lastExecution(ZonedDateTime.ofInstant(now.plusMillis(1), zone))
        .map(ZonedDateTime::toInstant);
  }

  /**
   * The scheduled start the client is late for: the latest start whose run should have
   * delivered by now (start + flexible window + {@code grace} passed) while the last delivery
   * is older than that start; empty when on time.
   */
  public Optional<Instant> lateFor(Instant now, Optional<Instant> lastDelivery, Duration grace) {
    return previous(now.minus(window).minus(grace))
        .filter(start -> lastDelivery.map(delivered -> delivered.isBefore(start)).orElse(true));
  }
}
