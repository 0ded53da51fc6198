package io.dif.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.state.DocumentId;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.state.InvalidTransitionException;
import io.dif.core.state.RowCounts;
import io.dif.core.state.StateConflictException;
import io.dif.core.state.StateStore;
import io.dif.core.state.Transition;
import io.dif.core.state.TransitionRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link StateStore} backend must do; one subclass per backend. */
abstract class StateStoreContractTest {
  static final LocalDate DAY = LocalDate.parse("2024-03-01");
  static final Instant START = Instant.parse("2024-03-02T06:00:00Z");

  TestingClock clock;
  StateStore store;

  /** A fresh, empty store reading time from {@code clock}. */
  abstract StateStore createStore(TestingClock clock) throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    clock = new TestingClock(START);
    store = createStore(clock);
  }

  static DocumentId page(String client, String source, LocalDate date, int page) {
    return new DocumentId(client, source, "insights", date, "run-1",
        String.format("page-%05d.json.gz", page));
  }

  static Transition landed() {
    return Transition.to(DocumentState.LANDED, "run-1", "extract", new RowCounts(0, 10, 0));
  }

  @Test
  void documentMovesThroughThePipelineAndKeepsItsHistory() {
    DocumentId id = page("acme", "meta", DAY, 0);
    DocumentStatus landed = store.land(id, landed());
    clock.advance(Duration.ofMinutes(5));
    DocumentStatus curated = store.transition(id, landed.version(),
        Transition.to(DocumentState.CURATED, "t-1", "transform", new RowCounts(10, 9, 1)));
    clock.advance(Duration.ofMinutes(5));
    DocumentStatus loaded = store.transition(id, curated.version(),
        Transition.to(DocumentState.LOADED, "l-1", "load", new RowCounts(9, 9, 0)));

    assertThat(landed.version()).isEqualTo(1);
    assertThat(loaded.version()).isEqualTo(3);
    assertThat(store.get(id)).contains(loaded);
    assertThat(loaded.updatedAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
    assertThat(loaded.rows()).isEqualTo(new RowCounts(9, 9, 0));
    List<TransitionRecord> history = store.history(id);
    assertThat(history).extracting(TransitionRecord::from)
        .containsExactly(null, DocumentState.LANDED, DocumentState.CURATED);
    assertThat(history).extracting(TransitionRecord::to)
        .containsExactly(DocumentState.LANDED, DocumentState.CURATED, DocumentState.LOADED);
    assertThat(history.get(1)).satisfies(record -> {
      assertThat(record.runId()).isEqualTo("t-1");
      assertThat(record.stage()).isEqualTo("transform");
      assertThat(record.rows()).isEqualTo(new RowCounts(10, 9, 1));
      assertThat(record.at()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    });
  }

  @Test
  void failureRecordsTheError() {
    DocumentId id = page("acme", "meta", DAY, 0);
    DocumentStatus landed = store.land(id, landed());
    DocumentStatus failed = store.transition(id, landed.version(),
        Transition.failed("t-1", "transform", "Cannot parse page: unexpected end of input"));
    assertThat(store.get(id).orElseThrow().error())
        .isEqualTo("Cannot parse page: unexpected end of input");
    assertThat(failed.state()).isEqualTo(DocumentState.FAILED);
    assertThat(store.history(id).get(1).error()).contains("unexpected end");
  }

  @Test
  void invalidTransitionsAreRefusedAndChangeNothing() {
    DocumentId id = page("acme", "meta", DAY, 0);
    DocumentStatus landed = store.land(id, landed());
    assertThatThrownBy(() -> store.transition(id, 1,
        Transition.to(DocumentState.LOADED, "l-1", "load", RowCounts.NONE)))
        .isInstanceOf(InvalidTransitionException.class).hasMessageContaining("LANDED");
    assertThatThrownBy(() -> store.transition(id, 1,
        Transition.to(DocumentState.LANDED, "x", "extract", RowCounts.NONE)))
        .isInstanceOf(InvalidTransitionException.class);
    assertThatThrownBy(() -> store.land(id, landed()))
        .isInstanceOf(StateConflictException.class);
    assertThatThrownBy(() -> store.land(page("acme", "meta", DAY, 1),
        Transition.to(DocumentState.CURATED, "x", "transform", RowCounts.NONE)))
        .isInstanceOf(InvalidTransitionException.class);
    assertThatThrownBy(() -> store.transition(page("acme", "meta", DAY, 9), 1,
        Transition.to(DocumentState.CURATED, "x", "transform", RowCounts.NONE)))
        .isInstanceOf(InvalidTransitionException.class).hasMessageContaining("no such");
    assertThat(store.get(id)).contains(landed);
    assertThat(store.history(id)).hasSize(1);
    assertThat(store.get(page("acme", "meta", DAY, 1))).isEmpty();
  }

  @Test
  void everyPlainTransitionFollowsTheRules() {
    int document = 0;
    for (DocumentState from : DocumentState.values()) {
      for (DocumentState to : DocumentState.values()) {
        DocumentId id = page("rules", "meta", DAY, document++);
        DocumentStatus status = reach(id, from);
        Transition move = to == DocumentState.FAILED ? Transition.failed("r", "test", "boom")
            : Transition.to(to, "r", "test", RowCounts.NONE);
        if (from.canMoveTo(to)) {
          assertThat(store.transition(id, status.version(), move).state()).isEqualTo(to);
        } else {
          assertThatThrownBy(() -> store.transition(id, status.version(), move))
              .as("%s -> %s", from, to).isInstanceOf(InvalidTransitionException.class);
          assertThat(store.get(id).orElseThrow().state()).isEqualTo(from);
        }
      }
    }
    assertThat(DocumentState.LOADED.canMoveTo(DocumentState.CURATED)).isFalse();
    assertThat(DocumentState.ERASED.successors()).isEmpty();
  }

  @Test
  void reprocessingIsAnExplicitTransitionBackToLanded() {
    DocumentId id = page("acme", "meta", DAY, 0);
    DocumentStatus failed = store.transition(id, store.land(id, landed()).version(),
        Transition.failed("t-1", "transform", "bad schema"));
    DocumentStatus again = store.reprocess(id, failed.version(),
        Transition.to(DocumentState.LANDED, "op-1", "operator", RowCounts.NONE));
    assertThat(again.state()).isEqualTo(DocumentState.LANDED);
    assertThat(again.error()).isNull();
    assertThat(store.history(id)).extracting(TransitionRecord::reprocess)
        .containsExactly(false, false, true);

    DocumentId erased = page("acme", "meta", DAY, 1);
    DocumentStatus gone = store.transition(erased, store.land(erased, landed()).version(),
        Transition.to(DocumentState.ERASED, "g-1", "gdpr", RowCounts.NONE));
    assertThatThrownBy(() -> store.reprocess(erased, gone.version(),
        Transition.to(DocumentState.LANDED, "op-1", "operator", RowCounts.NONE)))
        .isInstanceOf(InvalidTransitionException.class).hasMessageContaining("ERASED");
    assertThatThrownBy(() -> store.reprocess(id, again.version(),
        Transition.to(DocumentState.CURATED, "op-1", "operator", RowCounts.NONE)))
        .isInstanceOf(InvalidTransitionException.class);
  }

  @Test
  void staleVersionLoses() {
    DocumentId id = page("acme", "meta", DAY, 0);
    DocumentStatus landed = store.land(id, landed());
    store.transition(id, landed.version(),
        Transition.to(DocumentState.CURATED, "t-1", "transform", RowCounts.NONE));
    assertThatThrownBy(() -> store.transition(id, landed.version(),
        Transition.to(DocumentState.QUARANTINED, "t-2", "transform", RowCounts.NONE)))
        .isInstanceOf(StateConflictException.class);
    assertThat(store.get(id).orElseThrow().state()).isEqualTo(DocumentState.CURATED);
  }

  @Test
  void ofConcurrentUpdatesOfOneDocumentExactlyOneWins() throws Exception {
    int threads = 8;
    for (int round = 0; round < 5; round++) {
      DocumentId id = page("race", "meta", DAY, round);
      long version = store.land(id, landed()).version();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<DocumentState>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        DocumentState target = t % 2 == 0 ? DocumentState.CURATED : DocumentState.QUARANTINED;
        String runId = "t-" + t;
        Callable<DocumentState> attempt = () -> {
          start.await();
          try {
            return store.transition(id, version,
                Transition.to(target, runId, "transform", RowCounts.NONE)).state();
          } catch (StateConflictException lost) {
            return null;
          }
        };
        results.add(pool.submit(attempt));
      }
      start.countDown();
      List<DocumentState> winners = new ArrayList<>();
      for (Future<DocumentState> result : results) {
        DocumentState state = result.get(60, TimeUnit.SECONDS);
        if (state != null) {
          winners.add(state);
        }
      }
      pool.shutdown();
      assertThat(winners).hasSize(1);
      DocumentStatus stored = store.get(id).orElseThrow();
      assertThat(stored.state()).isEqualTo(winners.get(0));
      assertThat(stored.version()).isEqualTo(version + 1);
      assertThat(store.history(id)).hasSize(2);
    }
  }

  @Test
  void queriesByClientDateStateSourceAndAge() {
    LocalDate nextDay = DAY.plusDays(1);
    DocumentStatus metaDay = store.land(page("acme", "meta", DAY, 0), landed());
    store.land(page("acme", "google", DAY, 0), landed());
    store.land(page("acme", "meta", nextDay, 0), landed());
    store.land(page("other", "meta", DAY, 0), landed());
    clock.advance(Duration.ofHours(7));
    store.transition(metaDay.id(), metaDay.version(),
        Transition.to(DocumentState.CURATED, "t-1", "transform", RowCounts.NONE));

    assertThat(store.find(DocumentQuery.client("acme"))).hasSize(3)
        .allMatch(status -> status.id().client().equals("acme"));
    assertThat(store.find(DocumentQuery.client("acme").date(DAY)))
        .extracting(status -> status.id().source()).containsExactly("google", "meta");
    assertThat(store.find(DocumentQuery.client("acme").source("meta")))
        .extracting(status -> status.id().date()).containsExactly(DAY, nextDay);
    assertThat(store.find(DocumentQuery.client("acme").states(Set.of(DocumentState.CURATED))))
        .extracting(DocumentStatus::id).containsExactly(metaDay.id());
    assertThat(store.find(DocumentQuery.client("acme")
        .states(EnumSet.of(DocumentState.CURATED, DocumentState.LANDED)).date(nextDay)))
        .hasSize(1);
    assertThat(store.find(DocumentQuery.client("acme")
        .updatedBefore(START.plus(Duration.ofHours(1)))))
        .extracting(status -> status.id().source() + "/" + status.id().date())
        .containsExactly("google/" + DAY, "meta/" + nextDay);
    assertThat(store.find(DocumentQuery.client("nobody"))).isEmpty();
    assertThat(store.find(DocumentQuery.client("acme")))
        .allMatch(DocumentQuery.client("acme")::matches);
  }

  /** Brings a new document to {@code state} through allowed transitions. */
  private DocumentStatus reach(DocumentId id, DocumentState state) {
    DocumentStatus status = store.land(id, landed());
    List<DocumentState> path = switch (state) {
      case LANDED -> List.of();
      case CURATED, QUARANTINED, FAILED, ERASED, SUPERSEDED -> List.of(state);
      case LOADED -> List.of(DocumentState.CURATED, DocumentState.LOADED);
      case ANONYMIZED -> List.of(DocumentState.CURATED, DocumentState.LOADED,
          DocumentState.ANONYMIZED);
    };
    for (DocumentState next : path) {
      status = store.transition(id, status.version(), next == DocumentState.FAILED
          ? Transition.failed("r", "test", "boom") : Transition.to(next, "r", "test", null));
    }
    return status;
  }
}
