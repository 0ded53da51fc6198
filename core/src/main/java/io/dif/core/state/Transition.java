package io.dif.core.state;

import java.util.Objects;

/**
 * A move of a document to {@code to}, made by a run in a stage; the store adds the time.
 *
 * @param runId the run making the move (extract, transform or load run), not the document's run
 * @param stage extract, transform, load, gdpr, operator...
 * @param error why the document failed; only with {@link DocumentState#FAILED}, never a secret
 */
public record Transition(DocumentState to, String runId, String stage, RowCounts rows,
    String error) {

  public Transition {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(stage, "stage");
    rows = rows == null ? RowCounts.NONE : rows;
    if ((to == DocumentState.FAILED) != (error != null)) {
      throw new IllegalArgumentException("Cannot build transition to " + to
          + ": an error is given exactly when the state is FAILED");
    }
  }

  public static Transition to(DocumentState to, String runId, String stage, RowCounts rows) {
    return new Transition(to, runId, stage, rows, null);
  }

  public static Transition failed(String runId, String stage, String error) {
    return new Transition(DocumentState.FAILED, runId, stage, RowCounts.NONE, error);
  }
}
