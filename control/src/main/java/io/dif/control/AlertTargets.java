package io.dif.control;

import io.dif.core.alert.AlertTarget;
import io.dif.core.alert.WebhookAlertTarget;
import io.dif.core.config.AlertsConfig;
import io.dif.core.credential.CredentialStore;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;

/**
 * The remote alert target named by one spec, the same in {@code --alert-target} and in a
 * client's {@code alerts.target}:
 *
 * <pre>
 * log                     none: only the alerts log in the data folder
 * webhook:NAME            a Slack-compatible incoming webhook whose URL is credential NAME
 * sns:TOPIC_ARN[?endpoint=URL]   an SNS topic, in the region of its ARN; AWS credentials from
 *                                the default provider chain (the endpoint is for tests)
 * ses:TO[,TO]?from=FROM&amp;region=REGION[&amp;endpoint=URL]   e-mail through Amazon SES from a
 *                                verified sender; AWS credentials as for SNS
 * </pre>
 */
public final class AlertTargets {
  /** The credential "client" of deployment-wide credentials: never a client id. */
  public static final String DEPLOYMENT = "_deployment";

  private AlertTargets() {}

  /**
   * The remote target of {@code spec}, empty for {@code log}.
   *
   * @param credentialOwner whose credential a webhook URL is: the client for a client's own
   *     target, {@link #DEPLOYMENT} for the deployment's
   */
  public static Optional<AlertTarget> open(String spec, CredentialStore credentials,
      String credentialOwner) {
    String value = spec == null || spec.isBlank() ? "log" : spec.strip();
    if (!value.matches(AlertsConfig.TARGET)) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use alert target "
          + value.replaceAll("[?#].*", "?...").replaceAll("[^:,@]+@", "…@")
          + ": use log, webhook:CREDENTIAL_NAME, sns:TOPIC_ARN or"
          + " ses:TO[,TO]?from=FROM&region=REGION");
    }
    if (value.equals("log")) {
      return Optional.empty();
    }
    if (value.startsWith("webhook:")) {
      String name = value.substring("webhook:".length());
      return Optional.of(new WebhookAlertTarget(credentialOwner + "." + name,
          credentials.get(credentialOwner, name)));
    }
    if (value.startsWith("ses:")) {
      return Optional.of(ses(value.substring("ses:".length())));
    }
    String rest = value.substring("sns:".length());
    int question = rest.indexOf('?');
    String arn = question < 0 ? rest : rest.substring(0, question);
    SnsClientBuilder builder = SnsClient.builder().httpClientBuilder(ApacheHttpClient.builder())
        .region(Region.of(arn.split(":")[3]));
    if (question >= 0) {
      builder.endpointOverride(URI.create(rest.substring(question + "?endpoint=".length())));
    }
    try {
      return Optional.of(new SnsAlertTarget(builder.build(), arn));
    } catch (RuntimeException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use alert target sns:"
          + arn + ": " + e.getMessage());
    }
  }

  /** {@code TO[,TO]?from=FROM&region=REGION[&endpoint=URL]}, already checked by the pattern. */
  private static SesAlertTarget ses(String spec) {
    int question = spec.indexOf('?');
    List<String> to = List.of(spec.substring(0, question).split(","));
    Map<String, String> parameters = new HashMap<>();
    for (String pair : spec.substring(question + 1).split("&")) {
      int equals = pair.indexOf('=');
      parameters.put(pair.substring(0, equals), pair.substring(equals + 1));
    }
    String region = parameters.get("region");
    URI endpoint = URI.create(parameters.getOrDefault("endpoint",
        "https://email." + region + ".amazonaws.com/"));
    return new SesAlertTarget(endpoint, region, parameters.get("from"), to,
        DefaultCredentialsProvider.create());
  }
}
