package io.dif.transform;

import java.time.LocalDate;
import java.util.List;

/**
 * What one transform of a dataset did. Every row read has exactly one fate:
 * {@code rowsRead == rowsCurated + rowsQuarantined + duplicatesRemoved}.
 *
 * @param dataset the dataset name
 * @param partitions the curated {@code dt} partitions written (replaced), in order
 * @param rowsRead rows read from the raw pages: one per record, plus one per unreadable page
 * @param rowsCurated rows written to the curated zone
 * @param rowsQuarantined rows written to the quarantine zone, each with its reason
 * @param duplicatesRemoved good rows dropped because a later row of the same date has their key
 * @param pagesRead pages listed by the manifests of the runs read
 * @param runIds the raw runs read (the latest committed run of each date), in order
 * @param documents the outcome of every page read, in date, run and page order; their counts
 *     add up to the totals above
 * @param quality reasons of quarantined rows, unknown source fields, where the JSON report is
 */
public record TransformResult(String dataset, List<LocalDate> partitions, long rowsRead,
    long rowsCurated, long rowsQuarantined, long duplicatesRemoved, long pagesRead,
    List<String> runIds, List<DocumentOutcome> documents, QualityReport quality) {

  /** A result without quality findings. */
  public TransformResult(String dataset, List<LocalDate> partitions, long rowsRead,
      long rowsCurated, long rowsQuarantined, long duplicatesRemoved, long pagesRead,
      List<String> runIds, List<DocumentOutcome> documents) {
    this(dataset, partitions, rowsRead, rowsCurated, rowsQuarantined, duplicatesRemoved,
        pagesRead, runIds, documents, QualityReport.empty());
  }

  public TransformResult {
    partitions = List.copyOf(partitions);
    runIds = List.copyOf(runIds);
    documents = List.copyOf(documents);
  }

  /** One line for logs and job output. */
  public String summary() {
    return dataset + ": read " + rowsRead + " rows from " + pagesRead + " pages of "
        + runIds.size() + " runs; curated " + rowsCurated + " in " + partitions.size()
        + " partitions" + (partitions.isEmpty() ? ""
            : " (" + partitions.get(0) + ".." + partitions.get(partitions.size() - 1) + ")")
        + ", quarantined " + rowsQuarantined + ", removed " + duplicatesRemoved + " duplicates";
  }

  /** A readable data-quality summary, several lines, for the CLI. */
  public String qualitySummary() {
    StringBuilder text = new StringBuilder(summary()).append('\n');
    text.append(String.format(java.util.Locale.ROOT, "  bad rows: %.2f%% of %d read%n",
        100 * quality.badFraction(), rowsRead));
    quality.sortedReasons().forEach((reason, count) ->
        text.append("  quarantined ").append(count).append(": ").append(reason).append('\n'));
    if (!quality.unknownFields().isEmpty()) {
      text.append("  source fields not in the config: ")
          .append(String.join(", ", quality.unknownFields())).append('\n');
    }
    quality.failure().ifPresent(failure ->
        text.append("  FAILED, nothing published: ").append(failure).append('\n'));
    quality.location().ifPresent(location ->
        text.append("  report: ").append(location).append('\n'));
    return text.toString();
  }
}
