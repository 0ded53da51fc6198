package io.dif.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.alert.AlertKey;
import io.dif.core.alert.AlertLedger;
import io.dif.core.alert.OpenAlert;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** What every alert ledger backend must do. */
abstract class AlertLedgerContractTest {
  static final Instant START = Instant.parse("2024-03-04T06:00:00Z");
  static final LocalDate MONDAY = LocalDate.parse("2024-03-04");

  /** A ledger under test; each call for the same test sees the same stored alerts. */
  abstract AlertLedger ledger();

  private static OpenAlert alert(String client, String subject, LocalDate day, String code,
      Instant at) {
    return new OpenAlert(new AlertKey(client, subject, day, code), "Cannot page " + subject, at);
  }

  @Test
  void anAlertOpensOnceUntilResolved() {
    OpenAlert first = alert("acme", "stream acme.meta.insights", MONDAY, "HTTP_REJECTED", START);
    assertThat(ledger().open(first)).isTrue();
    assertThat(ledger().open(alert("acme", "stream acme.meta.insights", MONDAY, "HTTP_REJECTED",
        START.plusSeconds(60)))).isFalse();
    assertThat(ledger().open("acme")).containsExactly(first);

    assertThat(ledger().resolve(first.key())).isTrue();
    assertThat(ledger().resolve(first.key())).isFalse();
    assertThat(ledger().open("acme")).isEmpty();
    assertThat(ledger().open(first)).isTrue();
  }

  @Test
  void theKeyIsClientSubjectDayAndCodeAndListingIsPerClientOldestFirst() {
    OpenAlert later = alert("acme", "stream acme.meta.insights", MONDAY, "HTTP_REJECTED",
        START.plusSeconds(60));
    OpenAlert otherCode = alert("acme", "stream acme.meta.insights", MONDAY, "PAGINATION_LOOP",
        START);
    OpenAlert otherDay = alert("acme", "stream acme.meta.insights", MONDAY.plusDays(1),
        "HTTP_REJECTED", START.plusSeconds(120));
    // parts that contain the separator of a joined key stay apart
    OpenAlert awkward = alert("acme", "load of dataset acme.a|b", MONDAY, "X", START);
    OpenAlert awkwardToo = alert("acme", "load of dataset acme.a", MONDAY, "b|X", START);
    OpenAlert otherClient = alert("beta", "stream beta.meta.insights", MONDAY, "HTTP_REJECTED",
        START);
    for (OpenAlert alert : new OpenAlert[] {later, otherCode, otherDay, awkward, awkwardToo,
        otherClient}) {
      assertThat(ledger().open(alert)).isTrue();
    }
    assertThat(ledger().open("acme")).startsWith(awkwardToo, awkward, otherCode)
        .endsWith(later, otherDay).hasSize(5);
    assertThat(ledger().open("beta")).containsExactly(otherClient);
    assertThat(ledger().open("gamma")).isEmpty();
  }
}
