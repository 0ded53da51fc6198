package io.dif.core.config;

import java.util.Optional;

/**
 * When the deployment runs this client: one EventBridge Scheduler schedule per enabled client,
 * created by Terraform from this block, starts the state machine with {@code {client}}.
 */
public record ScheduleConfig(
    @ConfigField(description = "EventBridge Scheduler cron fields, without cron( ): minutes hours"
        + " day-of-month month day-of-week year, e.g. '30 5 * * ? *' (05:30 every day); one of"
        + " day-of-month and day-of-week must be '?'.", required = true)
    String cron,
    @ConfigField(description = "Time zone the cron fields are read in (an IANA id such as"
        + " Europe/Paris).", defaultValue = "UTC")
    String timeZone,
    @ConfigField(description = "false keeps the block but creates no schedule.",
        defaultValue = "true")
    boolean enabled,
    @ConfigField(description = "Lets the scheduler start the run up to this many minutes after"
        + " the cron time, to spread clients over time; without it the run starts on time.",
        min = 1, max = 1440)
    Optional<Integer> flexibleWindowMinutes) {

  /** The schedule expression EventBridge Scheduler takes: {@code cron(<fields>)}. */
  public String expression() {
    return "cron(" + cron.trim().replaceAll("\\s+", " ") + ")";
  }
}
