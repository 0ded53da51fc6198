package io.dif.extract.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.control.SqliteCheckpointStore;
import io.dif.control.SqliteControlDatabase;
import io.dif.control.SqliteStateStore;
import io.dif.core.state.Checkpoint;
import io.dif.core.state.CheckpointKey;
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
  private CheckpointRunJournal journal;

  @BeforeEach
  void open(@TempDir Path temp) {
    SqliteControlDatabase database = SqliteControlDatabase.open(temp.resolve("control.db"));
    checkpoints = new SqliteCheckpointStore(database, Clock.systemUTC());
    journal = new CheckpointRunJournal(checkpoints, new SqliteStateStore(database,
        Clock.systemUTC()));
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
}
