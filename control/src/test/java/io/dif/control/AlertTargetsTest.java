package io.dif.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.credential.CredentialStore;
import io.dif.core.credential.Secret;
import io.dif.core.error.ConfigurationException;
import org.junit.jupiter.api.Test;

class AlertTargetsTest {
  private static final CredentialStore NONE = (client, name) -> {
    throw new AssertionError("no credential expected");
  };

  @Test
  void logIsNoRemoteTarget() {
    assertThat(AlertTargets.open("log", NONE, AlertTargets.DEPLOYMENT)).isEmpty();
    assertThat(AlertTargets.open(null, NONE, AlertTargets.DEPLOYMENT)).isEmpty();
  }

  @Test
  void aWebhookIsNamedByItsCredentialOfItsOwner() {
    CredentialStore store = (client, name) -> {
      assertThat(client + "." + name).isEqualTo("acme.ops_chat");
      return Secret.of("https://hooks.example.com/services/T000/B000/XXXX");
    };
    assertThat(AlertTargets.open("webhook:ops_chat", store, "acme").orElseThrow().name())
        .isEqualTo("webhook:acme.ops_chat");
  }

  @Test
  void anSnsTopicTakesTheRegionOfItsArn() {
    assertThat(AlertTargets.open("sns:arn:aws:sns:eu-west-1:123456789012:dif-alerts", NONE,
        AlertTargets.DEPLOYMENT).orElseThrow().name())
        .isEqualTo("sns:arn:aws:sns:eu-west-1:123456789012:dif-alerts");
  }

  @Test
  void aUrlIsNoTargetAndIsNotPrinted() {
    assertThatThrownBy(() -> AlertTargets.open("https://hooks.example.com/services/T0?token=x",
        NONE, AlertTargets.DEPLOYMENT)).isInstanceOf(ConfigurationException.class)
        .hasMessageNotContaining("token")
        .hasMessageContaining("use log, webhook:CREDENTIAL_NAME, sns:TOPIC_ARN or ses:");
  }
}
