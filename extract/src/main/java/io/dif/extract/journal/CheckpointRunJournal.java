package io.dif.extract.journal;

import io.dif.core.state.Checkpoint;
import io.dif.core.state.CheckpointKey;
import io.dif.core.state.CheckpointStore;
import io.dif.core.state.DocumentId;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.state.RowCounts;
import io.dif.core.state.StateStore;
import io.dif.core.state.Transition;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journal in the control store. One checkpoint per run ({@code partition = "dt=D"}: the
 * open run id, or "committed") and one per request chain ({@code "dt=D/{partition}"}: pages
 * landed and the next request). Saves carry the run lock's fencing token, so a stalled run
 * whose lock was taken over gets a {@link StateConflictException} at its next page. Each landed
 * page is recorded LANDED in the state store, before its checkpoint: a page landed after the
 * last checkpoint of a killed run is fetched again and its record moved to FAILED.
 */
public final class CheckpointRunJournal implements RunJournal {
  static final String STAGE = "extract";
  private static final String COMMITTED = "committed";

  private final CheckpointStore checkpoints;
  private final StateStore states;

  public CheckpointRunJournal(CheckpointStore checkpoints, StateStore states) {
    this.checkpoints = checkpoints;
    this.states = states;
  }

  @Override
  public Optional<OpenRun> openRun(RunKey run, Collection<String> partitions) {
    Optional<Checkpoint> runCheckpoint = checkpoints.checkpoint(runKey(run));
    if (runCheckpoint.isEmpty()
        || runCheckpoint.get().pageToken().map(COMMITTED::equals).orElse(false)) {
      return Optional.empty();
    }
    String runId = runCheckpoint.get().runId();
    Map<String, Progress> reached = new HashMap<>();
    for (String partition : partitions) {
      checkpoints.checkpoint(chainKey(run, partition))
          .filter(checkpoint -> checkpoint.runId().equals(runId))
          .flatMap(Checkpoint::pageToken)
          .ifPresent(token -> reached.put(partition, decode(token)));
    }
    return Optional.of(new OpenRun(runId, reached));
  }

  @Override
  public void runStarted(RunKey run, String runId, long fencingToken) {
    checkpoints.save(new Checkpoint(runKey(run), run.dt(), run.dt(), Optional.of("open"),
        List.of(), runId, fencingToken, null));
  }

  @Override
  public void pageLanded(RunKey run, LandedPage page) {
    DocumentId id = document(run, page.runId(), page.file());
    Transition landed = Transition.to(DocumentState.LANDED, page.runId(), STAGE,
        new RowCounts(page.records(), page.records(), 0));
    Optional<DocumentStatus> earlier = states.get(id);
    if (earlier.isEmpty()) {
      states.land(id, landed);
    } else if (earlier.get().state() == DocumentState.FAILED) {
      // a file of this name was dropped on resume (landed after the last checkpoint) and the
      // page now landed again under the same name
      states.reprocess(id, earlier.get().version(), landed);
    }
    // else LANDED by the killed attempt right before it died: the same file, fetched again
    checkpoints.save(new Checkpoint(chainKey(run, page.partition()), run.dt(), run.dt(),
        Optional.of(page.chainPage() + "|" + page.nextUrl().orElse("")), List.of(),
        page.runId(), page.fencingToken(), null));
  }

  @Override
  public void pageDropped(RunKey run, String runId, String file) {
    DocumentId id = document(run, runId, file);
    Optional<DocumentStatus> status = states.get(id);
    if (status.isPresent() && status.get().state() == DocumentState.LANDED) {
      states.transition(id, status.get().version(), Transition.failed(runId, STAGE,
          "landed after the last checkpoint of a killed run; its page was fetched again"));
    }
  }

  @Override
  public void runCommitted(RunKey run, String runId, long fencingToken,
      Collection<String> partitions) {
    checkpoints.save(new Checkpoint(runKey(run), run.dt(), run.dt(), Optional.of(COMMITTED),
        List.of(), runId, fencingToken, null));
    for (String partition : partitions) {
      checkpoints.clear(chainKey(run, partition));
    }
  }

  private static DocumentId document(RunKey run, String runId, String file) {
    return new DocumentId(run.client(), run.source(), run.stream(), run.dt(), runId, file);
  }

  private static CheckpointKey runKey(RunKey run) {
    return new CheckpointKey(run.client(), run.source(), run.stream(), "dt=" + run.dt());
  }

  private static CheckpointKey chainKey(RunKey run, String partition) {
    return new CheckpointKey(run.client(), run.source(), run.stream(),
        "dt=" + run.dt() + "/" + partition);
  }

  private static Progress decode(String token) {
    int bar = token.indexOf('|');
    String next = token.substring(bar + 1);
    return new Progress(Integer.parseInt(token.substring(0, bar)),
        next.isEmpty() ? Optional.empty() : Optional.of(next));
  }
}
