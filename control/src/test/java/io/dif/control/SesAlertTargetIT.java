package io.dif.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.alert.Alert;
import io.dif.core.alert.AlertDeliveryException;
import io.dif.core.alert.AlertKey;
import io.dif.core.alert.AlertTarget;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** E-mail alerts through an SES-shaped server that checks the request's signature. */
class SesAlertTargetIT {
  private static final String FROM = "dif-alerts@example.com";
  private static TestingSes ses;

  @BeforeAll
  static void start() throws Exception {
    ses = new TestingSes("eu-west-1", FROM);
  }

  @AfterAll
  static void stop() {
    ses.close();
  }

  @AfterEach
  void noUnexpectedRequests() {
    assertThat(ses.unexpected()).isEmpty();
  }

  private static Alert alert(Alert.State state) {
    return new Alert(state, new AlertKey("acme", "stream acme.meta.insights",
        LocalDate.parse("2024-03-04"), "HTTP_REJECTED"), "Cannot page stream acme.meta.insights:"
        + " HTTP 400 — ümlaut & ampersand", "fix the request of the stream",
        Instant.parse("2024-03-04T06:00:00Z"));
  }

  private static SesAlertTarget target(String from) {
    return new SesAlertTarget(ses.endpoint(), "eu-west-1", from, List.of("ops@example.com",
        "data@example.com"), StaticCredentialsProvider.create(TestingSes.CREDENTIALS));
  }

  @Test
  void anAlertIsMailedToEveryRecipientWithItsLineAsBody() {
    int before = ses.sent().size();
    target(FROM).send(alert(Alert.State.FIRING));
    assertThat(ses.sent()).hasSize(before + 1);
    assertThat(ses.sent().get(before))
        .containsEntry("Source", FROM)
        .containsEntry("Destination.ToAddresses.member.1", "ops@example.com")
        .containsEntry("Destination.ToAddresses.member.2", "data@example.com")
        .containsEntry("Message.Subject.Data", "DIF failed: acme stream acme.meta.insights")
        .containsEntry("Message.Body.Text.Data", alert(Alert.State.FIRING).text());
    target(FROM).send(alert(Alert.State.RESOLVED));
    assertThat(ses.sent().get(before + 1).get("Message.Subject.Data")).startsWith(
        "DIF resolved: acme");
  }

  @Test
  void aRefusalIsReportedWithSesCodeAndNoSecret() {
    assertThatThrownBy(() -> target("not-verified@example.com").send(alert(
        Alert.State.FIRING))).isInstanceOf(AlertDeliveryException.class)
        .hasMessageContaining("ses:eu-west-1 (2 recipients)")
        .hasMessageContaining("400 MessageRejected: Email address is not verified")
        .hasMessageNotContaining(TestingSes.CREDENTIALS.secretAccessKey())
        .hasMessageNotContaining("ops@example.com");
  }

  @Test
  void aWrongSecretFailsTheSignatureCheck() {
    SesAlertTarget wrong = new SesAlertTarget(ses.endpoint(), "eu-west-1", FROM,
        List.of("ops@example.com"), StaticCredentialsProvider.create(AwsBasicCredentials.create(
            TestingSes.CREDENTIALS.accessKeyId(), "another-secret")));
    assertThatThrownBy(() -> wrong.send(alert(Alert.State.FIRING)))
        .hasMessageContaining("403 SignatureDoesNotMatch");
    assertThat(ses.unexpected()).hasSize(1);
    ses.forgetUnexpected();
  }

  @Test
  void theSpecNamesRecipientsSenderAndRegion() {
    AlertTarget target = AlertTargets.open("ses:ops@example.com,data@example.com?from=" + FROM
        + "&region=eu-west-1&endpoint=" + ses.endpoint(), (client, name) -> {
          throw new AssertionError("no credential is read");
        }, AlertTargets.DEPLOYMENT).orElseThrow();
    assertThat(target).isInstanceOf(SesAlertTarget.class);
    assertThat(target.name()).isEqualTo("ses:eu-west-1 (2 recipients)");
    assertThatThrownBy(() -> AlertTargets.open("ses:ops@example.com?region=eu-west-1",
        (client, name) -> null, AlertTargets.DEPLOYMENT))
        .hasMessageContaining("Cannot use alert target ses:…@example.com?...")
        .hasMessageNotContaining("ops@");
  }
}
