package io.dif.control;

import io.dif.core.alert.Alert;
import io.dif.core.alert.AlertDeliveryException;
import io.dif.core.alert.AlertTarget;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * An SNS topic: the alert's line is the message, its client and state the subject; e-mail,
 * chat and paging subscribe to the topic (what Step Functions' Catch publishes to in AWS).
 */
public final class SnsAlertTarget implements AlertTarget {
  /** SNS refuses subjects longer than 100 characters. */
  private static final int MAX_SUBJECT = 100;
  private final SnsClient sns;
  private final String topicArn;

  public SnsAlertTarget(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public void send(Alert alert) {
    String subject = "DIF " + (alert.state() == Alert.State.FIRING ? "failed" : "resolved")
        + ": " + alert.key().client() + " " + alert.key().subject();
    String safeSubject = subject.replaceAll("[^\\x20-\\x7E]", "?");
    try {
      sns.publish(request -> request.topicArn(topicArn).message(alert.text())
          .subject(safeSubject.length() <= MAX_SUBJECT ? safeSubject
              : safeSubject.substring(0, MAX_SUBJECT)));
    } catch (SdkException e) {
      throw new AlertDeliveryException("Cannot send alert to " + name() + ": "
          + e.getMessage());
    }
  }

  @Override
  public String name() {
    return "sns:" + topicArn;
  }
}
