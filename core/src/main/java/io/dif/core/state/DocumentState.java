package io.dif.core.state;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a raw document (a page or a file) is in the pipeline.
 *
 * <pre>
 * LANDED → CURATED | QUARANTINED → LOADED → ANONYMIZED
 * FAILED from any state but ERASED; ERASED from any state (GDPR); ERASED is final.
 * SUPERSEDED from LANDED, CURATED, QUARANTINED, LOADED or FAILED when a newer committed run of
 * the same stream and data date replaces the document's run (or a crashed run is abandoned).
 * </pre>
 * A move backwards is never a plain transition: reprocessing goes back to LANDED explicitly
 * ({@link StateStore#reprocess}) and is refused once personal data was anonymized or erased.
 */
public enum DocumentState {
  LANDED,
  CURATED,
  QUARANTINED,
  LOADED,
  FAILED,
  ANONYMIZED,
  ERASED,
  SUPERSEDED;

  /** Whether a plain (forward) transition from this state to {@code next} is allowed. */
  public boolean canMoveTo(DocumentState next) {
    return successors().contains(next);
  }

  /** States reachable by a plain transition. */
  public Set<DocumentState> successors() {
    return switch (this) {
      case LANDED -> EnumSet.of(CURATED, QUARANTINED, FAILED, ERASED, SUPERSEDED);
      case CURATED, QUARANTINED -> EnumSet.of(LOADED, FAILED, ERASED, SUPERSEDED);
      case LOADED -> EnumSet.of(ANONYMIZED, FAILED, ERASED, SUPERSEDED);
      case FAILED -> EnumSet.of(ERASED, SUPERSEDED);
      case ANONYMIZED, SUPERSEDED -> EnumSet.of(ERASED);
      case ERASED -> EnumSet.noneOf(DocumentState.class);
    };
  }

  /** Whether the document may be sent back to LANDED to run through the pipeline again. */
  public boolean canReprocess() {
    return this != ANONYMIZED && this != ERASED && this != SUPERSEDED;
  }

  /**
   * Whether the document has reached the end of the pipeline. A document resting in another
   * state (LANDED, CURATED, QUARANTINED) for long is stuck and shown by {@code dif status}.
   */
  public boolean terminal() {
    return this == LOADED || this == FAILED || this == ANONYMIZED || this == ERASED
        || this == SUPERSEDED;
  }
}
