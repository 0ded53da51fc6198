package io.dif.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.state.Checkpoint;
import io.dif.core.state.CheckpointKey;
import io.dif.core.state.CheckpointStore;
import io.dif.core.state.FencingTokens;
import io.dif.core.state.StateConflictException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every backend of checkpoints and fencing tokens must do. */
abstract class CheckpointStoreContractTest {
  static final Instant NOW = Instant.parse("2024-03-02T06:00:00Z");
  static final CheckpointKey KEY = new CheckpointKey("acme", "meta", "insights", "campaign=42");

  CheckpointStore checkpoints;
  FencingTokens tokens;

  abstract CheckpointStore createCheckpoints(TestingClock clock);

  abstract FencingTokens createTokens();

  @BeforeEach
  void setUp() {
    checkpoints = createCheckpoints(new TestingClock(NOW));
    tokens = createTokens();
  }

  static Checkpoint checkpoint(CheckpointKey key, String token, long fencing) {
    return new Checkpoint(key, LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-02"),
        Optional.ofNullable(token), List.of("report-1", "report-2"), "run-" + fencing, fencing,
        null);
  }

  @Test
  void savesReadsAndClearsPerPartition() {
    assertThat(checkpoints.checkpoint(KEY)).isEmpty();
    Checkpoint saved = checkpoints.save(checkpoint(KEY, "QVFIUmFu", 1));
    assertThat(saved.updatedAt()).isEqualTo(NOW);
    assertThat(checkpoints.checkpoint(KEY)).contains(saved);
    CheckpointKey other = new CheckpointKey("acme", "meta", "insights", "campaign=43");
    assertThat(checkpoints.checkpoint(other)).isEmpty();
    checkpoints.save(checkpoint(KEY, null, 1));
    assertThat(checkpoints.checkpoint(KEY).orElseThrow().pageToken()).isEmpty();
    assertThat(checkpoints.checkpoint(KEY).orElseThrow().reportIds())
        .containsExactly("report-1", "report-2");
    assertThat(checkpoints.clear(KEY)).isTrue();
    assertThat(checkpoints.clear(KEY)).isFalse();
    assertThat(checkpoints.checkpoint(KEY)).isEmpty();
  }

  @Test
  void aWriterWithAnOlderFencingTokenIsRefused() {
    checkpoints.save(checkpoint(KEY, "page-2", 7));
    assertThatThrownBy(() -> checkpoints.save(checkpoint(KEY, "page-9", 6)))
        .isInstanceOf(StateConflictException.class).hasMessageContaining("taken over");
    assertThat(checkpoints.checkpoint(KEY).orElseThrow().pageToken()).contains("page-2");
    checkpoints.save(checkpoint(KEY, "page-3", 8));
    assertThat(checkpoints.checkpoint(KEY).orElseThrow().pageToken()).contains("page-3");
  }

  @Test
  void fencingTokensIncreaseAndAreUniqueAcrossThreads() throws Exception {
    assertThat(tokens.current("acme.meta")).isZero();
    assertThat(tokens.next("acme.meta")).isEqualTo(1);
    assertThat(tokens.next("acme.google")).isEqualTo(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Long>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      futures.add(pool.submit(() -> tokens.next("acme.meta")));
    }
    List<Long> taken = new ArrayList<>();
    for (Future<Long> future : futures) {
      taken.add(future.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();
    Collections.sort(taken);
    List<Long> expected = new ArrayList<>();
    for (long token = 2; token <= 41; token++) {
      expected.add(token);
    }
    assertThat(taken).isEqualTo(expected);
    assertThat(tokens.current("acme.meta")).isEqualTo(41);
  }

  @Test
  void aStreamLockStartsAboveTheTokensInItsCheckpointsAndStaysAbove() {
    // checkpoints written under an earlier counter (Redis's, before the control store was the
    // authority); another stream's higher token must not count
    checkpoints.save(checkpoint(KEY, "page-2", 41));
    checkpoints.save(checkpoint(new CheckpointKey("acme", "meta", "insights", "dt=2024-03-01"),
        "open", 17));
    checkpoints.save(checkpoint(new CheckpointKey("acme", "meta", "reach", "dt=2024-03-01"),
        "open", 99));
    String lock = FencingTokens.streamLock("acme", "meta", "insights");
    long first = tokens.next(lock);
    assertThat(first).isEqualTo(42);
    assertThat(tokens.current(lock)).isEqualTo(42);
    assertThat(tokens.next(lock)).isEqualTo(43);
    // a run holding token 43 saves its checkpoint: no conflict, and the counter moves on
    checkpoints.save(checkpoint(KEY, "page-3", 43));
    assertThat(tokens.next(lock)).isEqualTo(44);
    // locks that name no stream start at 1
    assertThat(tokens.next("load:duckdb:/data/acme.meta.insights")).isEqualTo(1);
  }
}
