package io.dif.cli;

import picocli.CommandLine.Option;

/** The deployment's alert target; a client's {@code alerts.target} takes its place. */
final class AlertOptions {
  @Option(names = "--alert-target", paramLabel = "TARGET",
      defaultValue = "${env:DIF_ALERT_TARGET}",
      description = "Where failures, stuck documents and their resolution are alerted besides"
          + " <data-dir>/alerts.log: log (only that file, the default), webhook:CREDENTIAL"
          + " (a Slack-compatible webhook URL stored as credential _deployment.CREDENTIAL),"
          + " sns:TOPIC_ARN or ses:TO[,TO]?from=FROM&region=REGION (e-mail through Amazon SES)"
          + " (env DIF_ALERT_TARGET).")
  String alertTarget;
}
