package io.dif.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.alert.Alert;
import io.dif.core.alert.AlertDeliveryException;
import io.dif.core.alert.AlertKey;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

class SnsAlertTargetIT {
  private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:dif-alerts";
  private static TestingSns sns;
  private static SnsClient client;

  @BeforeAll
  static void start() throws Exception {
    sns = new TestingSns(TOPIC);
    client = SnsClient.builder().httpClientBuilder(ApacheHttpClient.builder())
        .region(Region.EU_WEST_1).endpointOverride(sns.endpoint())
        .overrideConfiguration(config -> config.retryPolicy(RetryPolicy.none()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("test", "test"))).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    sns.close();
  }

  @AfterEach
  void noUnexpectedRequests() {
    sns.failWith(0);
    assertThat(sns.unexpected()).isEmpty();
  }

  private static Alert alert() {
    return new Alert(Alert.State.FIRING, new AlertKey("acme", "stream acme.meta.insights",
        LocalDate.parse("2024-03-04"), "HTTP_REJECTED"), "Cannot page stream acme.meta.insights:"
        + " HTTP 400", "fix the request of the stream", Instant.parse("2024-03-04T06:00:00Z"));
  }

  @Test
  void anAlertIsPublishedToTheTopicWithItsLineAsMessage() {
    int before = sns.published().size();
    new SnsAlertTarget(client, TOPIC).send(alert());
    assertThat(sns.published()).hasSize(before + 1);
    assertThat(sns.published().get(before))
        .containsEntry("TopicArn", TOPIC)
        .containsEntry("Message", alert().text())
        .containsEntry("Subject", "DIF failed: acme stream acme.meta.insights");
  }

  @Test
  void aRefusedPublishIsADeliveryFailureNamingTheTopic() {
    sns.failWith(500);
    assertThatThrownBy(() -> new SnsAlertTarget(client, TOPIC).send(alert()))
        .isInstanceOf(AlertDeliveryException.class)
        .hasMessageStartingWith("Cannot send alert to sns:" + TOPIC);
  }
}
