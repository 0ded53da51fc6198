package io.dif.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.state.ErasureLedger;
import io.dif.core.state.ErasureLedger.Erasure;
import io.dif.core.state.ErasureLedger.Request;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every erasure ledger backend must do. */
abstract class ErasureLedgerContractTest {
  static final Instant START = Instant.parse("2024-03-04T06:00:00Z");

  /** A ledger under test; each call for the same test sees the same stored erasures. */
  abstract ErasureLedger ledger();

  private static Erasure erasure(String id, String client, Instant at, List<Request> requests) {
    return new Erasure(id, client, "dpo@example.com", at, requests.stream()
        .map(r -> ErasureLedger.auditHash(r.field(), r.keyedHash())).toList(), requests, "",
        Optional.empty());
  }

  @Test
  void anErasureIsStartedThenDoneAndListedPerClientOldestFirst() {
    Request alice = new Request("email", "a".repeat(64));
    Request phone = new Request("phone", "b".repeat(64));
    Erasure second = erasure("erasure-2", "acme", START.plusSeconds(60), List.of(phone));
    Erasure first = erasure("erasure-1", "acme", START, List.of(alice, phone));
    ledger().started(second);
    ledger().started(first);
    ledger().started(erasure("erasure-3", "other", START, List.of(new Request("email",
        "c".repeat(64)))));
    assertThat(ledger().erasures("acme")).containsExactly(first, second);
    assertThat(ledger().erasures("acme")).noneMatch(Erasure::done);

    ledger().done("acme", "erasure-1", "raw …: 1 records; curated.acme.leads: 1 rows",
        START.plusSeconds(5));
    Erasure done = ledger().erasures("acme").get(0);
    assertThat(done.done()).isTrue();
    assertThat(done.finishedAt()).contains(START.plusSeconds(5));
    assertThat(done.details()).isEqualTo("raw …: 1 records; curated.acme.leads: 1 rows");
    assertThat(ledger().erasures("acme").get(1).done()).isFalse();
    assertThat(ledger().erasures("nobody")).isEmpty();
  }

  @Test
  void theKeptRequestsOfAClientAreDistinct() {
    Request alice = new Request("email", "a".repeat(64));
    Request phone = new Request("phone", "b".repeat(64));
    ledger().started(erasure("erasure-1", "acme", START, List.of(alice, phone)));
    ledger().started(erasure("erasure-2", "acme", START.plusSeconds(1), List.of(alice)));
    ledger().started(erasure("erasure-3", "acme", START.plusSeconds(2), List.of()));
    assertThat(ledger().requests("acme")).containsExactly(alice, phone);
    assertThat(ledger().requests("other")).isEmpty();
  }

  @Test
  void theAuditHashNamesTheSubjectWithoutItsValueOrCase() {
    String hash = ErasureLedger.auditHash("email", " Alice@Example.com ");
    assertThat(hash).isEqualTo(ErasureLedger.auditHash("email", "alice@example.com"))
        .matches("[0-9a-f]{64}").doesNotContainIgnoringCase("alice")
        .isNotEqualTo(ErasureLedger.auditHash("phone", "alice@example.com"));
  }
}
