package io.dif.core.state;

import java.time.Instant;

/** One entry of a document's history; {@code from} is null for the landing. */
public record TransitionRecord(DocumentId id, DocumentState from, DocumentState to, Instant at,
    String runId, String stage, RowCounts rows, String error, boolean reprocess) {
}
