package io.dif.core.alert;

/**
 * An alert could not be delivered. Never the command's failure: the dispatcher reports it on a
 * warning line and the command's exit code stays that of its own work. The message names the
 * target, never a webhook URL.
 */
public final class AlertDeliveryException extends RuntimeException {
  public AlertDeliveryException(String message) {
    super(message);
  }
}
