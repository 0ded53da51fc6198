package io.dif.extract.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.control.SqliteCheckpointStore;
import io.dif.control.SqliteControlDatabase;
import io.dif.control.SqliteStateStore;
import io.dif.core.state.Checkpoint;
import io.dif.core.state.CheckpointKey;
import io.dif.core.state.DocumentId;
import io.dif.core.state.DocumentState;
import io.dif.extract.journal.RunJournal.LandedPage;
import io.dif.extract.journal.RunJournal.Progress;
import io.dif.extract.journal.RunJournal.RunKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chain positions as the control store keeps them (SQLite file, no server). */
class CheckpointRunJournalTest {
  private static final RunKey RUN = new RunKey("acme", "ads", "items", LocalDate.of(2024, 1, 5));
  private static final String CHAIN = "campaign_id=7";

  private SqliteCheckpointStore checkpoints;
  private SqliteStateStore states;
  private CheckpointRunJournal journal;

  @BeforeEach
  void open(@TempDir Path temp) {
    SqliteControlDatabase database = SqliteControlDatabase.open(temp.resolve("control.db"));
    checkpoints = new SqliteCheckpointStore(database, Clock.systemUTC());
    states = new SqliteStateStore(database, Clock.systemUTC());
    journal = new CheckpointRunJournal(checkpoints, states);
    journal.runStarted(RUN, "run-1", 1);
  }

  @Test
  void aChainPositionIsDataAndComesBackAsSaved() {
    Map<String, String> position = Map.of("kind", "next_url", "records", "40",
        "link", "/items?after=QVFI");
    journal.pageLanded(RUN, new LandedPage("run-1", 1, CHAIN, "page-00003.json.gz", 4,
        Optional.of(position), 10));

    Progress progress = journal.openRun(RUN, List.of(CHAIN)).orElseThrow().partitions()
        .get(CHAIN);
    assertThat(progress).isEqualTo(new Progress(4, Optional.of(position)));
    String stored = chainCheckpoint().pageToken().orElseThrow();
    assertThat(stored).doesNotContain("http").contains("\"format\":2");
  }

  @Test
  void aDoneChainAndAReportIdAreKept() {
    journal.positionSaved(RUN, "run-1", 1, CHAIN, 0, Map.of("kind", "report",
        "report_id", "r-17", "state", "created", "downloaded", "0"));
    assertThat(chainCheckpoint().reportIds()).containsExactly("r-17");
    assertThat(journal.openRun(RUN, List.of(CHAIN)).orElseThrow().partitions().get(CHAIN)
        .position()).hasValueSatisfying(p -> assertThat(p).containsEntry("report_id", "r-17"));

    journal.pageLanded(RUN, new LandedPage("run-1", 1, CHAIN, "page-00000.json.gz", 1,
        Optional.empty(), 3));
    assertThat(journal.openRun(RUN, List.of(CHAIN)).orElseThrow().partitions().get(CHAIN)
        .done()).isTrue();
  }

  @Test
  void aCheckpointOfTheOldFormatStartsItsChainAgainInsteadOfFailing() {
    // what older versions stored: pages landed and the absolute next URL of a previous process
    checkpoints.save(new Checkpoint(new CheckpointKey("acme", "ads", "items",
        "dt=2024-01-05/" + CHAIN), RUN.dt(), RUN.dt(),
        Optional.of("3|{\"url\":\"http://127.0.0.1:41234/v1/items?page=4\"}"), List.of(),
        "run-1", 1, null));

    RunJournal.OpenRun open = journal.openRun(RUN, List.of(CHAIN)).orElseThrow();
    assertThat(open.runId()).isEqualTo("run-1");
    assertThat(open.partitions()).doesNotContainKey(CHAIN);
  }

  private Checkpoint chainCheckpoint() {
    return checkpoints.checkpoint(new CheckpointKey("acme", "ads", "items",
        "dt=2024-01-05/" + CHAIN)).orElseThrow();
  }

  @Test
  void aNewerCommittedRunSupersedesTheOlderRunsOfItsDate() {
    journal.pageLanded(RUN, new LandedPage("run-1", 1, "", "page-00000.json.gz", 1,
        Optional.empty(), 3));
    journal.runCommitted(RUN, "run-1", 1, List.of(""));
    journal.runStarted(RUN, "run-2", 2);
    journal.pageLanded(RUN, new LandedPage("run-2", 2, "", "page-00000.json.gz", 1,
        Optional.empty(), 3));
    assertThat(stateOf(RUN, "run-1")).isEqualTo(DocumentState.LANDED);

    journal.runCommitted(RUN, "run-2", 2, List.of(""));

    assertThat(stateOf(RUN, "run-1")).isEqualTo(DocumentState.SUPERSEDED);
    assertThat(stateOf(RUN, "run-2")).isEqualTo(DocumentState.LANDED);
  }

  @Test
  void aSnapshotAttemptOfAnEarlierDayNeverCommittedIsAbandonedOnceANewerOneCommits() {
    RunKey yesterday = new RunKey("acme", "ads", "campaigns", LocalDate.of(2024, 1, 5));
    RunKey committedBefore = new RunKey("acme", "ads", "campaigns", LocalDate.of(2024, 1, 4));
    RunKey today = new RunKey("acme", "ads", "campaigns", LocalDate.of(2024, 1, 6));
    // a committed snapshot of 01-04 not transformed yet, a killed attempt of 01-05
    journal.runStarted(committedBefore, "run-0", 1);
    journal.pageLanded(committedBefore, new LandedPage("run-0", 1, "", "page-00000.json.gz", 1,
        Optional.empty(), 3));
    journal.runCommitted(committedBefore, "run-0", 1, List.of(""));
    journal.runStarted(yesterday, "run-1", 2);
    journal.pageLanded(yesterday, new LandedPage("run-1", 2, "", "page-00000.json.gz", 1,
        Optional.of(Map.of("kind", "cursor", "cursor", "c2")), 3));
    journal.runStarted(today, "run-2", 3);
    journal.pageLanded(today, new LandedPage("run-2", 3, "", "page-00000.json.gz", 1,
        Optional.empty(), 3));
    journal.runCommitted(today, "run-2", 3, List.of(""));

    journal.abandonOpenRunsBefore("acme", "ads", "campaigns", today.dt(), "run-2");

    assertThat(stateOf(yesterday, "run-1")).isEqualTo(DocumentState.SUPERSEDED);
    assertThat(stateOf(committedBefore, "run-0")).isEqualTo(DocumentState.LANDED);
    assertThat(stateOf(today, "run-2")).isEqualTo(DocumentState.LANDED);
  }

  private DocumentState stateOf(RunKey run, String runId) {
    return states.get(new DocumentId(run.client(), run.source(), run.stream(), run.dt(), runId,
        "page-00000.json.gz")).orElseThrow().state();
  }
}
