package io.dif.pipeline;

import io.dif.core.config.DatasetConfig;
import io.dif.core.state.DocumentId;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.state.RowCounts;
import io.dif.core.state.StateStore;
import io.dif.core.state.Transition;
import io.dif.transform.DocumentOutcome;
import io.dif.transform.TransformResult;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Records what the transform and load stages did to each raw document in the state keeper (the
 * extractor's journal records LANDED), so {@code dif status} can answer where a client's data
 * for a day is and why it is not in the warehouse.
 *
 * <p>A page with curated rows becomes CURATED (its counts show any quarantined rows); a page
 * whose every row was quarantined becomes QUARANTINED and stays there for an operator, since
 * none of it can reach the warehouse. Transforming a document again is an explicit reprocess.
 */
public final class DocumentTracker {
  /** Stages whose failures the next run retries: transforming again is idempotent. */
  private static final Set<String> RETRIED_STAGES = Set.of("transform", "load");
  private final StateStore states;

  public DocumentTracker(StateStore states) {
    this.states = states;
  }

  /**
   * The data dates of the dataset's stream with documents to transform: LANDED (not
   * transformed yet), or FAILED by the transform or the load (retried by the next run).
   */
  public SortedSet<LocalDate> pendingDates(String client, DatasetConfig dataset) {
    SortedSet<LocalDate> dates = new TreeSet<>();
    for (DocumentStatus status : documents(client, dataset,
        EnumSet.of(DocumentState.LANDED, DocumentState.FAILED))) {
      if (status.state() == DocumentState.LANDED || RETRIED_STAGES.contains(status.stage())) {
        dates.add(status.id().date());
      }
    }
    return dates;
  }

  /** The data dates of the dataset's stream with CURATED documents: transformed, not loaded. */
  public SortedSet<LocalDate> curatedDates(String client, DatasetConfig dataset) {
    SortedSet<LocalDate> dates = new TreeSet<>();
    documents(client, dataset, EnumSet.of(DocumentState.CURATED))
        .forEach(status -> dates.add(status.id().date()));
    return dates;
  }

  private List<DocumentStatus> documents(String client, DatasetConfig dataset,
      Set<DocumentState> in) {
    return states.find(DocumentQuery.client(client).source(dataset.from().source()).states(in))
        .stream().filter(status -> status.id().stream().equals(dataset.from().stream()))
        .toList();
  }

  public void transformed(String client, TransformResult result, String transformRunId) {
    for (DocumentOutcome outcome : result.documents()) {
      DocumentId id = new DocumentId(client, outcome.source(), outcome.stream(), outcome.dt(),
          outcome.runId(), outcome.page());
      DocumentState to = outcome.rowsCurated() == 0 && outcome.rowsQuarantined() > 0
          ? DocumentState.QUARANTINED : DocumentState.CURATED;
      move(id, Transition.to(to, transformRunId, "transform", new RowCounts(outcome.rowsRead(),
          outcome.rowsCurated(), outcome.rowsQuarantined())));
    }
  }

  /** The dataset's CURATED documents of the loaded dates become LOADED. */
  public void loaded(String client, DatasetConfig dataset, List<LocalDate> dates,
      String loadRunId) {
    for (LocalDate date : dates) {
      List<DocumentStatus> curated = states.find(DocumentQuery.client(client).date(date)
          .source(dataset.from().source()).states(Set.of(DocumentState.CURATED)));
      for (DocumentStatus status : curated) {
        if (status.id().stream().equals(dataset.from().stream())) {
          states.transition(status.id(), status.version(), Transition.to(DocumentState.LOADED,
              loadRunId, "load", new RowCounts(status.rows().written(), status.rows().written(),
                  0)));
        }
      }
    }
  }

  /** The dataset's documents waiting for a stage that failed become FAILED with the error. */
  public void failed(String client, DatasetConfig dataset, String runId, String stage,
      Set<DocumentState> waiting, String error) {
    for (DocumentStatus status : states.find(DocumentQuery.client(client)
        .source(dataset.from().source()).states(EnumSet.copyOf(waiting)))) {
      if (status.id().stream().equals(dataset.from().stream())) {
        states.transition(status.id(), status.version(),
            Transition.failed(runId, stage, error));
      }
    }
  }

  private void move(DocumentId id, Transition transition) {
    DocumentStatus status = states.get(id).orElse(null);
    if (status != null && status.state() == DocumentState.SUPERSEDED) {
      return; // a newer run of its date replaced it meanwhile: the next transform reads that one
    }
    if (status == null) {
      // landed before the state keeper existed: record it now, then move it
      status = states.land(id, Transition.to(DocumentState.LANDED, transition.runId(),
          "transform", RowCounts.NONE));
    } else if (status.state() != DocumentState.LANDED) {
      status = states.reprocess(id, status.version(), Transition.to(DocumentState.LANDED,
          transition.runId(), transition.stage(), RowCounts.NONE));
    }
    states.transition(id, status.version(), transition);
  }


}
