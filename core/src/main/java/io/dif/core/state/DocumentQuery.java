package io.dif.core.state;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which documents to list: all conditions must hold; an empty {@code states} means any state.
 *
 * @param updatedBefore only documents whose last transition is older (to find stuck ones)
 */
public record DocumentQuery(String client, Optional<LocalDate> date, Set<DocumentState> states,
    Optional<String> source, Optional<Instant> updatedBefore) {

  public DocumentQuery {
    Objects.requireNonNull(client, "client");
    states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
  }

  public static DocumentQuery client(String client) {
    return new DocumentQuery(client, Optional.empty(), Set.of(), Optional.empty(),
        Optional.empty());
  }

  public DocumentQuery date(LocalDate date) {
    return new DocumentQuery(client, Optional.of(date), states, source, updatedBefore);
  }

  public DocumentQuery states(Set<DocumentState> states) {
    return new DocumentQuery(client, date, states, source, updatedBefore);
  }

  public DocumentQuery source(String source) {
    return new DocumentQuery(client, date, states, Optional.of(source), updatedBefore);
  }

  public DocumentQuery updatedBefore(Instant instant) {
    return new DocumentQuery(client, date, states, source, Optional.of(instant));
  }

  public boolean matches(DocumentStatus status) {
    DocumentId id = status.id();
    return id.client().equals(client)
        && date.map(id.date()::equals).orElse(true)
        && (states.isEmpty() || states.contains(status.state()))
        && source.map(id.source()::equals).orElse(true)
        && updatedBefore.map(status.updatedAt()::isBefore).orElse(true);
  }
}
