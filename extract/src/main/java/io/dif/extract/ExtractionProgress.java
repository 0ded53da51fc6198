package io.dif.extract;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Live counters of an extraction, read by a progress line while the extractor lands pages
 * (safe to read from any thread).
 */
public final class ExtractionProgress implements Supplier<String> {
  private final AtomicLong pages = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong runs = new AtomicLong();
  private final long started = System.nanoTime();
  private volatile String current = "";

  void streamStarted(String qualified, Object dt) {
    current = dt == null ? qualified : qualified + " dt=" + dt;
  }

  void pageLanded(long pageRecords, long pageBytes) {
    pages.incrementAndGet();
    records.addAndGet(pageRecords);
    bytes.addAndGet(pageBytes);
  }

  void runCommitted() {
    runs.incrementAndGet();
  }

  /** e.g. "acme.meta.insights dt=2024-01-03: 3 runs, 57 pages, 183 rows, 44.1 KiB, 24.8 pages/s". */
  @Override
  public String get() {
    double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
    return String.format(Locale.ROOT, "%s: %d runs, %d pages, %d rows, %.1f KiB, %.1f pages/s",
        current, runs.get(), pages.get(), records.get(), bytes.get() / 1024.0,
        pages.get() / seconds);
  }

  @Override
  public String toString() {
    return get();
  }
}
