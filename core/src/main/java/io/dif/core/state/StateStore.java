package io.dif.core.state;

import java.util.List;
import java.util.Optional;

/**
 * The state keeper: where each raw document is in the pipeline and how it got there.
 * Updates are compare-and-set on {@link DocumentStatus#version()}: of concurrent updates of one
 * document exactly one wins, the others get a {@link StateConflictException}.
 */
public interface StateStore {

  /** Records a new document as LANDED; a {@link StateConflictException} if it exists. */
  DocumentStatus land(DocumentId id, Transition transition);

  /**
   * Moves the document forward if it is still at {@code expectedVersion} and the move is allowed
   * ({@link DocumentState#canMoveTo}); else {@link StateConflictException} or
   * {@link InvalidTransitionException}.
   */
  DocumentStatus transition(DocumentId id, long expectedVersion, Transition transition);

  /** Sends the document back to LANDED to run again ({@link DocumentState#canReprocess}). */
  DocumentStatus reprocess(DocumentId id, long expectedVersion, Transition transition);

  Optional<DocumentStatus> get(DocumentId id);

  /** Matching documents ordered by date, source, stream, run and name. */
  List<DocumentStatus> find(DocumentQuery query);

  /** The document's transitions, oldest first. */
  List<TransitionRecord> history(DocumentId id);
}
