package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.OUTCOME;
import static io.dif.transform.TransformColumns.PAGE;
import static io.dif.transform.TransformColumns.POSITION;
import static io.dif.transform.TransformColumns.RUN;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.RawManifest;
import io.dif.transform.TransformColumns.Outcome;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
      long curated, long quarantined, long duplicates) {}

  private final List<PageCount> pages;

  private Reconciliation(List<PageCount> pages) {
    this.pages = pages;
  }

  /** Counts the rows of {@code classified} by page and checks them against the runs. */
  static Reconciliation count(Dataset<Row> classified, List<CommittedRun> runs, String subject) {
    List<PageCount> pages = classified.groupBy(col(DT), col(RUN), col(PAGE))
        .agg(functions.count(lit(1)), functions.count(col(POSITION)), outcomes(Outcome.CURATED),
            outcomes(Outcome.QUARANTINED), outcomes(Outcome.DUPLICATE))
        .collectAsList().stream()
        .map(row -> new PageCount(row.getDate(0).toLocalDate(), row.getString(1),
            row.getString(2), row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6),
            row.getLong(7)))
        .toList();
    Reconciliation reconciliation = new Reconciliation(pages);
    reconciliation.check(runs, subject);
    return reconciliation;
  }

  private static Column outcomes(Outcome outcome) {
    return sum(when(col(OUTCOME).equalTo(outcome.name()), 1L).otherwise(0L));
  }

  private void check(List<CommittedRun> runs, String subject) {
    Map<String, PageCount> byPage = new HashMap<>();
    pages.forEach(page -> byPage.put(page.dt() + "/" + page.run() + "/" + page.page(), page));
    for (CommittedRun run : runs) {
      for (RawManifest.Page listed : run.manifest().pages()) {
        PageCount counted = byPage.get(run.dt() + "/" + run.runId() + "/" + listed.file());
        long records = counted == null ? 0 : counted.records();
        boolean unreadable = counted != null && counted.rows() > counted.records();
        if (!unreadable && records != listed.records()) {
          throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset " + subject
              + ": page holds " + records + " records but its manifest lists "
              + listed.records() + ": " + run.location() + "/" + listed.file());
        }
      }
    }
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
