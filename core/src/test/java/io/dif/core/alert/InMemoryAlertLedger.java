package io.dif.core.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Open alerts in a map, for tests of what the dispatcher sends. */
final class InMemoryAlertLedger implements AlertLedger {
  private final Map<AlertKey, OpenAlert> open = new LinkedHashMap<>();

  @Override
  public synchronized boolean open(OpenAlert alert) {
    return open.putIfAbsent(alert.key(), alert) == null;
  }

  @Override
  public synchronized List<OpenAlert> open(String client) {
    List<OpenAlert> alerts = new ArrayList<>();
    open.values().stream().filter(alert -> alert.key().client().equals(client))
        .sorted(Comparator.comparing(OpenAlert::openedAt)).forEach(alerts::add);
    return alerts;
  }

  @Override
  public synchronized boolean resolve(AlertKey key) {
    return open.remove(key) != null;
  }
}
