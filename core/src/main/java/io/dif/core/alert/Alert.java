package io.dif.core.alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message to an alert target: a problem that fires, or one that is resolved.
 *
 * @param message DIF's error line (never a secret, never a raw value), or for a resolved alert
 *     what resolved it
 * @param nextAction what an operator does next; empty for a resolved alert
 */
public record Alert(State state, AlertKey key, String message, String nextAction, Instant at) {

  /** Whether the problem is new or gone. */
  public enum State { FIRING, RESOLVED }

  /** One line for chat and e-mail. */
  public String text() {
    String head = (state == State.FIRING ? "[DIF] FAILED " : "[DIF] RESOLVED ") + key.client()
        + ": " + key.subject() + " (" + key.code() + ", " + key.day() + ")";
    return state == State.FIRING ? head + ": " + message + " Next: " + nextAction
        : head + ": " + message;
  }

  /** The fields of the alerts log and of machine-readable targets. */
  public Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("at", at.toString());
    fields.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
    fields.put("client", key.client());
    fields.put("subject", key.subject());
    fields.put("day", key.day().toString());
    fields.put("code", key.code());
    fields.put("message", message);
    if (state == State.FIRING) {
      fields.put("next_action", nextAction);
    }
    return fields;
  }
}
