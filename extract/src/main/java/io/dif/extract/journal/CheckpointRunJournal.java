package io.dif.extract.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dif.core.state.Checkpoint;
import io.dif.core.state.CheckpointKey;
import io.dif.core.state.CheckpointStore;
import io.dif.core.state.DocumentId;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.state.RowCounts;
import io.dif.core.state.StateConflictException;
import io.dif.core.state.StateStore;
import io.dif.core.state.Transition;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal in the control store. One checkpoint per run ({@code partition = "dt=D"}: the
 * open run id, or "committed") and one per request chain ({@code "dt=D/{partition}"}: pages
 * landed and the chain's position as JSON, {@code {"format":2,"pages":3,"position":{"kind":
 * "cursor","records":"300","cursor":"QVFI"}}}, position null once the chain is done; a report's
 * id is also kept in the checkpoint's report ids). A chain checkpoint in another format (the
 * absolute next URL that older versions stored) is not resumed: that chain starts again. Saves
 * carry the run lock's fencing token, so a stalled run
 * whose lock was taken over gets a {@link StateConflictException} at its next page. Each landed
 * page is recorded LANDED in the state store, before its checkpoint: a page landed after the
 * last checkpoint of a killed run is fetched again and its record moved to FAILED.
 */
public final class CheckpointRunJournal implements RunJournal {
  static final String STAGE = "extract";
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointRunJournal.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMITTED = "committed";
  private static final int FORMAT = 2;

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
          .flatMap(token -> decode(run, partition, token))
          .ifPresent(progress -> reached.put(partition, progress));
    }
    return Optional.of(new OpenRun(runId, reached));
  }

  @Override
  public Optional<String> committedRun(RunKey run) {
    return checkpoints.checkpoint(runKey(run))
        .filter(checkpoint -> checkpoint.pageToken().map(COMMITTED::equals).orElse(false))
        .map(Checkpoint::runId);
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
    saveChain(run, page.runId(), page.fencingToken(), page.partition(), page.chainPage(),
        page.next());
  }

  @Override
  public void positionSaved(RunKey run, String runId, long fencingToken, String partition,
      int pagesLanded, Map<String, String> position) {
    saveChain(run, runId, fencingToken, partition, pagesLanded, Optional.of(position));
  }

  private void saveChain(RunKey run, String runId, long fencingToken, String partition,
      int pages, Optional<Map<String, String>> position) {
    ObjectNode token = JSON.createObjectNode().put("format", FORMAT).put("pages", pages);
    ObjectNode saved = token.putObject("position");
    position.ifPresentOrElse(p -> new java.util.TreeMap<>(p).forEach(saved::put),
        () -> token.putNull("position"));
    List<String> reportIds = position.map(p -> p.get("report_id")).map(List::of)
        .orElse(List.of());
    checkpoints.save(new Checkpoint(chainKey(run, partition), run.dt(), run.dt(),
        Optional.of(token.toString()), reportIds, runId, fencingToken, null));
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
    supersedeOtherRuns(run, runId);
  }

  /**
   * The committed run replaces every other run of its stream and date: their documents, in
   * whatever state they rest (an older committed run, a crashed attempt's pages), become
   * SUPERSEDED, so none of them waits forever or counts twice.
   */
  private void supersedeOtherRuns(RunKey run, String runId) {
    for (DocumentStatus status : states.find(DocumentQuery.client(run.client()).date(run.dt())
        .source(run.source()))) {
      if (status.id().stream().equals(run.stream()) && !status.id().runId().equals(runId)) {
        supersede(status, runId);
      }
    }
  }

  /**
   * For a snapshot stream (no window: each run is dated the day it ran), pages of runs begun on
   * an earlier day and never committed will never be resumed: a run killed yesterday is not
   * continued today, today's snapshot replaces it. They become SUPERSEDED by {@code runId}, the
   * snapshot committed on {@code dt}. Committed runs of earlier days are left as they are.
   */
  public void abandonOpenRunsBefore(String client, String source, String stream, LocalDate dt,
      String runId) {
    for (DocumentStatus status : states.find(DocumentQuery.client(client).source(source)
        .states(Set.of(DocumentState.LANDED)))) {
      DocumentId id = status.id();
      if (id.stream().equals(stream) && id.date().isBefore(dt) && !committed(new RunKey(client,
          source, stream, id.date()), id.runId())) {
        supersede(status, runId);
      }
    }
  }

  private boolean committed(RunKey run, String runId) {
    return checkpoints.checkpoint(runKey(run))
        .filter(checkpoint -> checkpoint.runId().equals(runId))
        .flatMap(Checkpoint::pageToken).map(COMMITTED::equals).orElse(false);
  }

  private void supersede(DocumentStatus status, String runId) {
    DocumentStatus current = status;
    for (int attempt = 0; current.state().canMoveTo(DocumentState.SUPERSEDED); attempt++) {
      try {
        states.transition(current.id(), current.version(),
            Transition.to(DocumentState.SUPERSEDED, runId, STAGE, current.rows()));
        return;
      } catch (StateConflictException e) {
        // a transform or load moved it meanwhile: read it again and supersede what it is now
        if (attempt >= 3) {
          throw e;
        }
        current = states.get(current.id()).orElseThrow();
      }
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

  /** The chain's progress; empty (the chain starts again) for a checkpoint it cannot read. */
  private static Optional<Progress> decode(RunKey run, String partition, String token) {
    JsonNode node = null;
    if (token.startsWith("{")) {
      try {
        node = JSON.readTree(token);
      } catch (JsonProcessingException e) {
        node = null;
      }
    }
    if (node == null || node.path("format").asInt() != FORMAT || !node.path("pages").isInt()
        || !(node.path("position").isObject() || node.path("position").isNull())) {
      LOG.warn("Cannot resume request chain \"{}\" of {}: its checkpoint is in an older or"
          + " unknown format; the chain starts again from its first page", partition, run);
      return Optional.empty();
    }
    if (node.get("position").isNull()) {
      return Optional.of(new Progress(node.get("pages").asInt(), Optional.empty()));
    }
    Map<String, String> position = new LinkedHashMap<>();
    node.get("position").fields().forEachRemaining(f -> position.put(f.getKey(),
        f.getValue().asText()));
    return Optional.of(new Progress(node.get("pages").asInt(), Optional.of(position)));
  }
}
