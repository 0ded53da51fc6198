package io.dif.core.alert;

/**
 * A problem a command met, as an alert reports it: the part that failed, the error code, DIF's
 * own error line (which never holds a secret or a raw value) and what to do next.
 */
public record AlertProblem(String subject, String code, String message, String nextAction) {}
