package io.dif.transform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The data-quality findings of one transform, beyond its counts (which {@link TransformResult}
 * holds): why rows were quarantined, source fields the config does not know (schema drift),
 * and the dataset rules' verdict. Written as JSON next to the curated data, under
 * {@code curated/{client}/{dataset}/_quality/run={latest run}.json} (Spark readers skip
 * {@code _} folders).
 *
 * @param reasons how many quarantined rows gave each reason, values in quotes replaced by
 *     {@code "…"} ({@code column clicks: cannot convert "…" to int}), by reason
 * @param unknownFields top-level fields of the records no column reads, in order (JSON, JSON
 *     Lines and CSV records; XML records are not inspected)
 * @param badFraction rows quarantined / rows read (0 when nothing was read)
 * @param failure the dataset rule the run broke ({@code max_bad_fraction}, {@code min_rows}):
 *     the run then failed and published nothing
 * @param location where the JSON report was written, empty when nothing was read
 */
public record QualityReport(Map<String, Long> reasons, List<String> unknownFields,
    double badFraction, Optional<String> failure, Optional<String> location) {

  public QualityReport {
    reasons = Map.copyOf(new TreeMap<>(reasons));
    unknownFields = List.copyOf(unknownFields);
  }

  static QualityReport empty() {
    return new QualityReport(Map.of(), List.of(), 0, Optional.empty(), Optional.empty());
  }

  /** Sorted reasons. */
  public Map<String, Long> sortedReasons() {
    return new TreeMap<>(reasons);
  }
}
