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
        + " incoming-webhook URL stored as this client's credential CREDENTIAL),"
        + " sns:TOPIC_ARN or ses:TO[,TO]?from=FROM&region=REGION (e-mail through Amazon SES"
        + " from a verified sender).", pattern = TARGET)
    Optional<String> target,
    @ConfigField(description = "A document waiting in one state for longer than this is stuck"
        + " and alerted (ISO-8601 duration).", defaultValue = "PT6H")
    Duration stuckAfter) {

  /** An e-mail address as an SES spec takes it. */
  private static final String ADDRESS = "[^@\\s,?&=]+@[^@\\s,?&=]+";

  /**
   * {@code log}, {@code webhook:NAME}, {@code sns:ARN} or {@code ses:TO[,TO]?from=FROM&region=R},
   * the last two with an optional endpoint override (tests).
   */
  public static final String TARGET = "log|webhook:" + Names.IDENTIFIER
      + "|sns:arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?"
      + "(\\?endpoint=https?://[^\\s?#]+)?"
      + "|ses:" + ADDRESS + "(," + ADDRESS + ")*\\?from=" + ADDRESS + "&region=[a-z0-9-]+"
      + "(&endpoint=https?://[^\\s?#&]+)?";
}
