package io.dif.core.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a command met into alerts: a problem fires once per client, subject, day and error
 * code until it is resolved (the ledger remembers it across processes); a problem the command
 * checked again and did not meet is resolved with one message; at most {@code maxPerHour} new
 * alerts a client and hour are sent, the rest wait for a later run. Delivery failures never
 * fail the command: they are logged as warnings.
 */
public final class Alerts {
  public static final int DEFAULT_MAX_PER_HOUR = 20;
  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
  private static final int MAX_MESSAGE = 500;

  private final AlertLedger ledger;
  private final List<AlertTarget> targets;
  private final Clock clock;
  private final int maxPerHour;

  public Alerts(AlertLedger ledger, List<AlertTarget> targets, Clock clock, int maxPerHour) {
    this.ledger = ledger;
    this.targets = List.copyOf(targets);
    this.clock = clock;
    this.maxPerHour = maxPerHour;
  }

  /**
   * Reports the end of a command for {@code client}.
   *
   * @param problems what failed in this command
   * @param checked the subjects this command covered: open alerts of these subjects that are
   *     not among {@code problems} are resolved
   */
  public void report(String client, List<AlertProblem> problems, Predicate<String> checked) {
    Instant now = clock.instant();
    List<OpenAlert> open = ledger.open(client);
    resolveGone(client, open, problems, checked, now);
    fire(client, open, problems, now);
  }

  private void resolveGone(String client, List<OpenAlert> open, List<AlertProblem> problems,
      Predicate<String> checked, Instant now) {
    Set<String> current = new HashSet<>();
    problems.forEach(problem -> current.add(problem.subject() + '\0' + problem.code()));
    // an alert left open over several days resolves with one message
    Map<String, AlertKey> resolved = new LinkedHashMap<>();
    for (OpenAlert alert : open) {
      AlertKey key = alert.key();
      String group = key.subject() + '\0' + key.code();
      if (checked.test(key.subject()) && !current.contains(group) && ledger.resolve(key)) {
        resolved.merge(group, key, (a, b) -> a.day().isAfter(b.day()) ? a : b);
      }
    }
    resolved.values().forEach(key -> deliver(new Alert(Alert.State.RESOLVED, key,
        "no longer fails: " + key.subject() + " of client " + client + " succeeded at " + now,
        "", now)));
  }

  private void fire(String client, List<OpenAlert> open, List<AlertProblem> problems,
      Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Set<AlertKey> openKeys = new HashSet<>();
    open.forEach(alert -> openKeys.add(alert.key()));
    Instant hourAgo = now.minus(Duration.ofHours(1));
    long recent = open.stream().filter(alert -> alert.openedAt().isAfter(hourAgo)).count();
    int held = 0;
    for (AlertProblem problem : problems) {
      AlertKey key = new AlertKey(client, problem.subject(), today, problem.code());
      if (openKeys.contains(key)) {
        continue; // alerted already, not resolved yet
      }
      if (recent >= maxPerHour) {
        held++;
        continue;
      }
      String message = safe(problem.message());
      if (!ledger.open(new OpenAlert(key, message, now))) {
        continue; // another process alerted it meanwhile
      }
      openKeys.add(key);
      recent++;
      if (!deliver(new Alert(Alert.State.FIRING, key, message, problem.nextAction(), now))) {
        ledger.resolve(key); // reached no target: the next run tries again
      }
    }
    if (held > 0) {
      LOG.warn("Cannot alert {} more problem(s) of client {}: at most {} alerts an hour are"
          + " sent; a later run alerts them if they remain (see dif status --client {})", held,
          client, maxPerHour, client);
    }
  }

  /** Sends to every target; true when at least one took it. */
  private boolean deliver(Alert alert) {
    boolean delivered = false;
    for (AlertTarget target : targets) {
      try {
        target.send(alert);
        delivered = true;
      } catch (RuntimeException e) {
        LOG.warn("Cannot send alert about {} of client {} to {}: {}", alert.key().subject(),
            alert.key().client(), target.name(), e.getMessage());
      }
    }
    return delivered;
  }

  /**
   * DIF's error lines name clients, streams, files and codes, never secrets; quoted text may
   * still be a value from the data (a cursor, a cell), so it is replaced, and only the first
   * line goes out, at most 500 characters.
   */
  static String safe(String message) {
    String line = message == null ? "" : message.lines().findFirst().orElse("");
    line = line.replaceAll("\"[^\"]*\"", "\"…\"");
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 1) + "…";
  }
}
