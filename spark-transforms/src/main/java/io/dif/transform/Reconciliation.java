package io.dif.transform;

import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.RawManifest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What became of the rows of each page, counted while the curated data was written
 * ({@link PageTally}), checked against the manifests: every record a manifest lists must have
 * been read (read = curated + quarantined + duplicates holds by construction, each row has one
 * outcome). A page that could not be read is exempt: it is quarantined whole, as one row.
 */
final class Reconciliation {

  /** The counts of one page. {@code records} counts rows taken from its records array. */
  record PageCount(LocalDate dt, String run, String page, long rows, long records,
      long curated, long quarantined, long duplicates) {}

  private final List<PageCount> pages;
  private final List<DocumentOutcome> documents;
  private final List<String> sourceFields;

  private Reconciliation(List<PageCount> pages, List<DocumentOutcome> documents,
      List<String> sourceFields) {
    this.pages = pages;
    this.documents = documents;
    this.sourceFields = sourceFields;
  }

  /**
   * Checks the tally against the runs. {@code index} gives each page's index in the tally, by
   * {@code dt/run/page}; {@code countsListed} says which pages have their records counted by
   * the extractor.
   */
  static Reconciliation check(PageTally tally, Map<String, Integer> index,
      List<CommittedRun> runs, Predicate<String> countsListed, String subject) {
    List<PageCount> pages = new ArrayList<>();
    List<DocumentOutcome> documents = new ArrayList<>();
    long tallied = 0;
    for (CommittedRun run : runs) {
      for (RawManifest.Page listed : run.manifest().pages()) {
        long[] count = tally.page(index.get(key(run.dt(), run.runId(), listed.file())));
        tallied += count[PageTally.ROWS];
        PageCount page = new PageCount(run.dt(), run.runId(), listed.file(),
            count[PageTally.ROWS], count[PageTally.RECORDS], count[PageTally.CURATED],
            count[PageTally.QUARANTINED], count[PageTally.DUPLICATES]);
        boolean unreadable = page.rows() > page.records();
        if (!unreadable && countsListed.test(listed.file())
            && page.records() != listed.records()) {
          throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset " + subject
              + ": page holds " + page.records() + " records but its manifest lists "
              + listed.records() + ": " + run.location() + "/" + listed.file());
        }
        pages.add(page);
        documents.add(new DocumentOutcome(run.manifest().source(), run.manifest().stream(),
            run.dt(), run.runId(), listed.file(), page.rows(), page.curated(),
            page.quarantined(), page.duplicates()));
      }
    }
    long total = 0;
    for (int i = 0; i < index.size(); i++) {
      total += tally.page(i)[PageTally.ROWS];
    }
    if (total != tallied) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset " + subject
          + ": rows came from pages no manifest lists: " + (total - tallied) + " rows");
    }
    return new Reconciliation(List.copyOf(pages), List.copyOf(documents),
        List.copyOf(tally.fields()));
  }

  static String key(LocalDate dt, String run, String page) {
    return dt + "/" + run + "/" + page;
  }

  /** The outcome of every page the manifests list, in run and manifest order. */
  List<DocumentOutcome> documents() {
    return documents;
  }

  /** The counts of every page the manifests list, in run and manifest order. */
  List<PageCount> pages() {
    return pages;
  }

  /** The top-level fields of the first record of each page, in order (sampled drift). */
  List<String> sourceFields() {
    return sourceFields;
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
