package io.dif.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class AlertsTest {
  private static final Instant MONDAY = Instant.parse("2024-03-04T06:00:00Z");
  private static final Predicate<String> EVERYTHING = subject -> true;
  private final InMemoryAlertLedger ledger = new InMemoryAlertLedger();
  private final List<Alert> sent = new ArrayList<>();
  private final AlertTarget recording = new AlertTarget() {
    @Override
    public void send(Alert alert) {
      sent.add(alert);
    }

    @Override
    public String name() {
      return "recording";
    }
  };

  private Alerts alerts(Instant at, int maxPerHour, AlertTarget... targets) {
    return new Alerts(ledger, List.of(targets), Clock.fixed(at, ZoneOffset.UTC), maxPerHour);
  }

  private static AlertProblem failure(String stream, String code) {
    return new AlertProblem("stream acme.meta." + stream, code, "Cannot page stream acme.meta."
        + stream + ": HTTP 500", "run again");
  }

  @Test
  void aProblemAlertsOnceUntilResolvedThenOnceResolved() {
    alerts(MONDAY, 20, recording).report("acme", List.of(failure("insights", "HTTP_REJECTED")),
        EVERYTHING);
    alerts(MONDAY.plusSeconds(600), 20, recording).report("acme",
        List.of(failure("insights", "HTTP_REJECTED")), EVERYTHING);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).state()).isEqualTo(Alert.State.FIRING);
    assertThat(sent.get(0).text()).isEqualTo("[DIF] FAILED acme: stream acme.meta.insights"
        + " (HTTP_REJECTED, 2024-03-04): Cannot page stream acme.meta.insights: HTTP 500"
        + " Next: run again");

    alerts(MONDAY.plusSeconds(1200), 20, recording).report("acme", List.of(), EVERYTHING);
    alerts(MONDAY.plusSeconds(1800), 20, recording).report("acme", List.of(), EVERYTHING);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).state()).isEqualTo(Alert.State.RESOLVED);
    assertThat(sent.get(1).key()).isEqualTo(sent.get(0).key());
    assertThat(ledger.open("acme")).isEmpty();
  }

  @Test
  void anotherCodeOrAnotherDayIsAnotherAlertAndOneResolvedMessageClosesTheDays() {
    alerts(MONDAY, 20, recording).report("acme", List.of(failure("insights", "HTTP_REJECTED")),
        EVERYTHING);
    alerts(MONDAY.plus(Duration.ofDays(1)), 20, recording).report("acme",
        List.of(failure("insights", "HTTP_REJECTED"), failure("insights", "PAGINATION_LOOP")),
        EVERYTHING);
    assertThat(sent).extracting(alert -> alert.key().code() + " " + alert.key().day())
        .containsExactly("HTTP_REJECTED 2024-03-04", "HTTP_REJECTED 2024-03-05",
            "PAGINATION_LOOP 2024-03-05");

    alerts(MONDAY.plus(Duration.ofDays(2)), 20, recording).report("acme", List.of(),
        EVERYTHING);
    assertThat(sent.subList(3, sent.size())).extracting(alert -> alert.state() + " "
        + alert.key().code() + " " + alert.key().day())
        .containsExactly("RESOLVED HTTP_REJECTED 2024-03-05",
            "RESOLVED PAGINATION_LOOP 2024-03-05");
  }

  @Test
  void onlyWhatTheCommandCheckedIsResolved() {
    alerts(MONDAY, 20, recording).report("acme", List.of(failure("insights", "HTTP_REJECTED"),
        new AlertProblem("load of dataset acme.insights", "LOAD_REJECTED", "Cannot load", "fix")),
        EVERYTHING);
    alerts(MONDAY.plusSeconds(60), 20, recording).report("acme", List.of(),
        subject -> subject.startsWith("load of "));
    assertThat(sent).extracting(alert -> alert.state() + " " + alert.key().subject())
        .containsExactly("FIRING stream acme.meta.insights",
            "FIRING load of dataset acme.insights", "RESOLVED load of dataset acme.insights");
    assertThat(ledger.open("acme")).extracting(alert -> alert.key().subject())
        .containsExactly("stream acme.meta.insights");
  }

  @Test
  void atMostTheLimitAnHourTheRestOnALaterRun() {
    List<AlertProblem> five = List.of(failure("a", "X"), failure("b", "X"), failure("c", "X"),
        failure("d", "X"), failure("e", "X"));
    alerts(MONDAY, 3, recording).report("acme", five, EVERYTHING);
    assertThat(sent).hasSize(3);
    alerts(MONDAY.plusSeconds(600), 3, recording).report("acme", five, EVERYTHING);
    assertThat(sent).hasSize(3);
    alerts(MONDAY.plus(Duration.ofMinutes(61)), 3, recording).report("acme", five, EVERYTHING);
    assertThat(sent).extracting(alert -> alert.key().subject()).containsExactly(
        "stream acme.meta.a", "stream acme.meta.b", "stream acme.meta.c", "stream acme.meta.d",
        "stream acme.meta.e");
  }

  @Test
  void anAlertNoTargetTookIsSentAgainByTheNextRunAndAFailingTargetDoesNotStopTheOthers() {
    AlertTarget broken = new AlertTarget() {
      @Override
      public void send(Alert alert) {
        throw new AlertDeliveryException("Cannot send alert to broken: HTTP 500");
      }

      @Override
      public String name() {
        return "broken";
      }
    };
    alerts(MONDAY, 20, broken).report("acme", List.of(failure("insights", "X")), EVERYTHING);
    assertThat(ledger.open("acme")).isEmpty();
    alerts(MONDAY.plusSeconds(60), 20, broken, recording).report("acme",
        List.of(failure("insights", "X")), EVERYTHING);
    assertThat(sent).hasSize(1);
    assertThat(ledger.open("acme")).hasSize(1);
  }

  @Test
  void quotedValuesAndFurtherLinesNeverLeave() {
    assertThat(Alerts.safe("Cannot page stream acme.meta.insights: cursor repeated after page"
        + " 12: \"QVFIUjlyR2t\"\nat line 2 \"secret\""))
        .isEqualTo("Cannot page stream acme.meta.insights: cursor repeated after page 12:"
            + " \"…\"");
    assertThat(Alerts.safe("x".repeat(600))).hasSize(500);
  }
}
