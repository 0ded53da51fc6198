package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.OUTCOME;
import static io.dif.transform.TransformColumns.PAGE;
import static io.dif.transform.TransformColumns.POSITION;
import static io.dif.transform.TransformColumns.RUN;
import static io.dif.transform.TransformColumns.RECORD;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.json_object_keys;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.RawManifest;
import io.dif.transform.TransformColumns.Outcome;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Counts what became of the rows of each page in one pass over the classified rows, and checks
 * the counts against the manifests: every record a manifest lists must have been read
 * (read = curated + quarantined + duplicates holds by construction, each row has one outcome).
 * A page that could not be read is exempt: it is quarantined whole, as one row.
 */
final class Reconciliation {

  /** The counts of one page. {@code records} counts rows taken from its records array. */
  record PageCount(LocalDate dt, String run, String page, long rows, long records,
      long curated, long quarantined, long duplicates, List<String> fields) {}

  private final List<PageCount> pages;
  private final List<DocumentOutcome> documents;

  private Reconciliation(List<PageCount> pages, List<DocumentOutcome> documents) {
    this.pages = pages;
    this.documents = documents;
  }

  /** Counts the rows of {@code classified} by page and checks them against the runs. */
  static Reconciliation count(Dataset<Row> classified, List<CommittedRun> runs,
      Predicate<String> countsListed, boolean jsonRecords, String subject) {
    // the top-level fields of JSON records (schema drift), in the same pass
    Column fields = jsonRecords
        ? array_distinct(flatten(collect_set(when(col(POSITION).isNotNull(),
            json_object_keys(col(RECORD))))))
        : array().cast("array<string>");
    List<PageCount> pages = classified.groupBy(col(DT), col(RUN), col(PAGE))
        .agg(functions.count(lit(1)), functions.count(col(POSITION)), outcomes(Outcome.CURATED),
            outcomes(Outcome.QUARANTINED), outcomes(Outcome.DUPLICATE), fields)
        .collectAsList().stream()
        .map(row -> new PageCount(row.getDate(0).toLocalDate(), row.getString(1),
            row.getString(2), row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6),
            row.getLong(7), row.isNullAt(8) ? List.of() : row.<String>getList(8)))
        .toList();
    return new Reconciliation(pages, check(pages, runs, countsListed, subject));
  }

  private static Column outcomes(Outcome outcome) {
    return sum(when(col(OUTCOME).equalTo(outcome.name()), 1L).otherwise(0L));
  }

  /**
   * Checks the counts against the manifests and returns the outcome of every page they list,
   * in run and manifest order; a page without rows (no records) has zero counts.
   */
  private static List<DocumentOutcome> check(List<PageCount> pages, List<CommittedRun> runs,
      Predicate<String> countsListed, String subject) {
    Map<String, PageCount> byPage = new HashMap<>();
    pages.forEach(page -> byPage.put(page.dt() + "/" + page.run() + "/" + page.page(), page));
    List<DocumentOutcome> documents = new ArrayList<>();
    for (CommittedRun run : runs) {
      for (RawManifest.Page listed : run.manifest().pages()) {
        PageCount counted = byPage.remove(run.dt() + "/" + run.runId() + "/" + listed.file());
        long records = counted == null ? 0 : counted.records();
        boolean unreadable = counted != null && counted.rows() > counted.records();
        if (!unreadable && countsListed.test(listed.file()) && records != listed.records()) {
          throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset " + subject
              + ": page holds " + records + " records but its manifest lists "
              + listed.records() + ": " + run.location() + "/" + listed.file());
        }
        documents.add(counted == null
            ? new DocumentOutcome(run.manifest().source(), run.manifest().stream(), run.dt(),
                run.runId(), listed.file(), 0, 0, 0, 0)
            : new DocumentOutcome(run.manifest().source(), run.manifest().stream(), run.dt(),
                run.runId(), listed.file(), counted.rows(), counted.curated(),
                counted.quarantined(), counted.duplicates()));
      }
    }
    if (!byPage.isEmpty()) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset " + subject
          + ": rows came from pages no manifest lists: " + byPage.keySet());
    }
    return List.copyOf(documents);
  }

  /** The outcome of every page the manifests list, in run and manifest order. */
  List<DocumentOutcome> documents() {
    return documents;
  }

  /** The top-level fields the records of all pages have, in order. */
  List<String> sourceFields() {
    TreeSet<String> fields = new TreeSet<>();
    pages.forEach(page -> fields.addAll(page.fields()));
    return List.copyOf(fields);
  }

  long rowsRead() {
    return pages.stream().mapToLong(PageCount::rows).sum();
  }

  long curated() {
    return pages.stream().mapToLong(PageCount::curated).sum();
  }

  long quarantined() {
    return pages.stream().mapToLong(PageCount::quarantined).sum();
  }

  long duplicates() {
    return pages.stream().mapToLong(PageCount::duplicates).sum();
  }

  /** The data dates that have curated rows, in order. */
  List<LocalDate> curatedDates() {
    TreeSet<LocalDate> dates = new TreeSet<>();
    pages.stream().filter(page -> page.curated() > 0).forEach(page -> dates.add(page.dt()));
    return List.copyOf(dates);
  }
}
