package io.dif.core.alert;

/** Where alerts go: the local alerts log, a chat webhook, an SNS topic. */
public interface AlertTarget {
  /** Delivers one alert; throws when it could not. */
  void send(Alert alert);

  /** The target for messages, without secrets: {@code webhook:ops_chat}, never the URL. */
  String name();
}
