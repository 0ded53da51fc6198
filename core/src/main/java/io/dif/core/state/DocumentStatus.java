package io.dif.core.state;

import java.time.Instant;

/**
 * The current state of a document and its last transition.
 *
 * @param version increases by one with each transition; pass it back to make the next one
 */
public record DocumentStatus(DocumentId id, DocumentState state, long version, Instant updatedAt,
    String runId, String stage, RowCounts rows, String error) {
}
