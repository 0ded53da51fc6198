package io.dif.ingest;

import io.dif.core.config.PushLimitsConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per API key: a request rate (per second, with a burst) and a daily quota of events (UTC days),
 * both answered 429 with Retry-After. Counted in this process: one server per data folder.
 */
final class KeyLimiter {
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, DayCount> days = new ConcurrentHashMap<>();

  KeyLimiter(Clock clock) {
    this.clock = clock;
  }

  private record DayCount(LocalDate day, AtomicLong events) {}

  /** Takes one request of the key's rate, or refuses it with how long to wait. */
  void request(String keyId, PushLimitsConfig limits) {
    Bucket bucket = buckets.computeIfAbsent(keyId, id -> Bucket.builder()
        .addLimit(limit -> limit.capacity(limits.burst())
            .refillGreedy(limits.perSecond(), Duration.ofSeconds(1)))
        .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L)
          / 1_000_000_000L);
      throw new ApiError(429, "Cannot accept the request: API key " + keyId + " is over its"
          + " rate of " + limits.perSecond() + " requests per second (burst " + limits.burst()
          + ")", Optional.of(seconds));
    }
  }

  /** Counts the events against the key's daily quota, or refuses them until the next day. */
  void events(String keyId, PushLimitsConfig limits, int count) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    DayCount day = days.compute(keyId, (id, old) -> old != null && old.day().equals(today) ? old
        : new DayCount(today, new AtomicLong()));
    long after = day.events().addAndGet(count);
    if (after > limits.dailyQuota()) {
      day.events().addAndGet(-count);
      long seconds = Duration.between(clock.instant(),
          today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds() + 1;
      throw new ApiError(429, "Cannot accept the request: API key " + keyId + " reached its"
          + " daily quota of " + limits.dailyQuota() + " events", Optional.of(seconds));
    }
  }
}
