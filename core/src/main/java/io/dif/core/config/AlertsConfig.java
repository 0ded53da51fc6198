package io.dif.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the alerts of this client go and when documents count as stuck. Without a target the
 * deployment's ({@code --alert-target}) is used; the local alerts log is always written.
 */
public record AlertsConfig(
    @ConfigField(description = "Alert target of this client instead of the deployment's: log"
        + " (only the alerts log in the data folder), webhook:CREDENTIAL (a Slack-compatible"
        + " incoming-webhook URL stored as this client's credential CREDENTIAL) or"
        + " sns:TOPIC_ARN.", pattern = TARGET)
    Optional<String> target,
    @ConfigField(description = "A document waiting in one state for longer than this is stuck"
        + " and alerted (ISO-8601 duration).", defaultValue = "PT6H")
    Duration stuckAfter) {

  /** {@code log}, {@code webhook:NAME} or {@code sns:ARN} with an optional endpoint override. */
  public static final String TARGET = "log|webhook:" + Names.IDENTIFIER
      + "|sns:arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?"
      + "(\\?endpoint=https?://[^\\s?#]+)?";
}
