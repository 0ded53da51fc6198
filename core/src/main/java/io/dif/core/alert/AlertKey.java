package io.dif.core.alert;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What makes an alert the same alert: the client, the part that failed ({@code stream
 * acme.meta.insights}, {@code transform of dataset acme.insights}, {@code command dif run}), the
 * day it was seen on (UTC) and the error code. While an alert with this key is open, the same
 * problem sends nothing more.
 */
public record AlertKey(String client, String subject, LocalDate day, String code) {
  public AlertKey {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(code, "code");
  }
}
