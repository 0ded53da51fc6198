package io.dif.control;

import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.state.InvalidTransitionException;
import io.dif.core.state.StateConflictException;
import io.dif.core.state.Transition;

/** The checks every state store backend makes before a move, so all backends agree. */
final class StateRules {
  private StateRules() {
  }

  static void check(String action, DocumentStatus current, long expectedVersion,
      Transition transition, boolean reprocess) {
    if (current.version() != expectedVersion) {
      throw conflict(action, expectedVersion);
    }
    DocumentState from = current.state();
    if (reprocess) {
      if (transition.to() != DocumentState.LANDED) {
        throw new InvalidTransitionException("Cannot " + action
            + ": reprocessing sends a document back to LANDED only");
      }
      if (!from.canReprocess()) {
        throw new InvalidTransitionException("Cannot " + action + ": it is " + from
            + " and its raw data may no longer be used");
      }
    } else if (!from.canMoveTo(transition.to())) {
      throw new InvalidTransitionException("Cannot " + action + ": not allowed from " + from
          + " (allowed: " + from.successors() + "; reprocessing is an explicit transition)");
    }
  }

  static StateConflictException conflict(String action, long expectedVersion) {
    return new StateConflictException("Cannot " + action + ": it changed since version "
        + expectedVersion + "; read it again");
  }
}
