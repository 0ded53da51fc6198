package io.dif.sandbox;

import java.util.concurrent.atomic.LongAdder;

/** Counts what the server answers; read as a {@link SandboxStats} snapshot. */
final class RequestCounters {

  /** What a request asked for, judged by its path alone. */
  enum PathKind {
    CAMPAIGNS,
    INSIGHTS,
    LEADS,
    OTHER
  }

  private final LongAdder served = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder campaigns = new LongAdder();
  private final LongAdder insights = new LongAdder();
  private final LongAdder other = new LongAdder();
  private final LongAdder leads = new LongAdder();

  void record(PathKind kind, int httpStatus) {
    served.increment();
    if (httpStatus == 429) {
      throttled.increment();
    }
    switch (kind) {
      case CAMPAIGNS -> campaigns.increment();
      case INSIGHTS -> insights.increment();
      case LEADS -> leads.increment();
      case OTHER -> other.increment();
    }
  }

  SandboxStats snapshot() {
    return new SandboxStats(
        served.sum(), throttled.sum(), campaigns.sum(), insights.sum(), other.sum(),
        leads.sum());
  }
}
