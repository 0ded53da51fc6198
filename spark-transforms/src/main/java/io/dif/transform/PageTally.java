package io.dif.transform;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.util.AccumulatorV2;

/**
 * Counts the rows of each page by outcome while the curated data is written, so that counting
 * needs no pass of its own. Updated only in the last stage of the write job (after the
 * shuffle), whose task updates Spark merges once per partition even when tasks are retried or
 * run speculatively: the counts are exact.
 *
 * <p>Also gathers the top-level fields of each page's first record (schema drift, sampled).
 */
final class PageTally extends AccumulatorV2<PageTally.Update, PageTally> {
  /** Per page: rows, records (rows from the records array), curated, quarantined, duplicates. */
  static final int ROWS = 0;
  static final int RECORDS = 1;
  static final int CURATED = 2;
  static final int QUARANTINED = 3;
  static final int DUPLICATES = 4;

  /** One row's update: its page, outcome, whether it is a record, and sampled fields. */
  record Update(int page, TransformColumns.Outcome outcome, boolean record, String fields) {}

  private final Map<Integer, long[]> counts = new HashMap<>();
  private final Set<String> fields = new TreeSet<>();

  @Override
  public boolean isZero() {
    return counts.isEmpty() && fields.isEmpty();
  }

  @Override
  public PageTally copy() {
    PageTally copy = new PageTally();
    copy.merge(this);
    return copy;
  }

  @Override
  public void reset() {
    counts.clear();
    fields.clear();
  }

  @Override
  public void add(Update update) {
    add(update.page(), update.outcome(), update.record(), update.fields());
  }

  void add(int page, TransformColumns.Outcome outcome, boolean record, String sampled) {
    long[] count = counts.computeIfAbsent(page, p -> new long[5]);
    count[ROWS]++;
    if (record) {
      count[RECORDS]++;
    }
    switch (outcome) {
      case CURATED -> count[CURATED]++;
      case QUARANTINED -> count[QUARANTINED]++;
      case DUPLICATE -> count[DUPLICATES]++;
    }
    if (sampled != null && !sampled.isEmpty()) {
      for (String field : sampled.split(FirstRecordFields.SEPARATOR)) {
        fields.add(field);
      }
    }
  }

  @Override
  public void merge(AccumulatorV2<Update, PageTally> other) {
    PageTally tally = (PageTally) other;
    tally.counts.forEach((page, count) -> {
      long[] mine = counts.computeIfAbsent(page, p -> new long[5]);
      for (int i = 0; i < mine.length; i++) {
        mine[i] += count[i];
      }
    });
    fields.addAll(tally.fields);
  }

  @Override
  public PageTally value() {
    return this;
  }

  @Override
  public String toString() {
    // AccumulatorV2's own toString prints the value, which is this
    return "PageTally(" + counts.size() + " pages, " + fields.size() + " fields)";
  }

  /** The counts of a page (zeros when it had no row). */
  long[] page(int page) {
    return counts.getOrDefault(page, new long[5]).clone();
  }

  /** The sampled top-level fields of the records, in order. */
  Set<String> fields() {
    return new TreeSet<>(fields);
  }
}
