package io.dif.transform;

/**
 * Names of the working columns the transform carries next to a dataset's own columns. Dataset
 * columns are config identifiers ({@code [a-z][a-z0-9_]*}), so working columns start with '_'
 * and never meet one (a dataset may well have a column named {@code page} or {@code position}).
 * The writers give them their zone names ({@code dt}, {@code run}, {@code record}, ...).
 */
final class TransformColumns {
  /** Data date of the raw run folder (a date). */
  static final String DT = "_dt";
  /** Run id of the raw run. */
  static final String RUN = "_run";
  /** Page file, relative to its run folder. */
  static final String PAGE = "_page";
  /** Position of the record in its page's records array, from 0; null for a page problem. */
  static final String POSITION = "_position";
  /** The record as JSON text (the whole page text when the page itself is unreadable). */
  static final String RECORD = "_record";
  /** A problem of the whole page (unreadable, no records array), null when the page is fine. */
  static final String PAGE_PROBLEM = "_page_problem";
  /** The index of the page among all pages of the transform, in dt, run and page order. */
  static final String PAGE_INDEX = "_page_index";
  /**
   * Whether {@link #FIELDS} was parsed with the page (the fast path): the record's text is then
   * not kept ({@link #RECORD} is null) and is read again only if the row is quarantined.
   */
  static final String PARSED = "_parsed";
  /** The top-level fields of a page's first record, on that record's row only (drift). */
  static final String SAMPLED_FIELDS = "_sampled_fields";
  /** Whether the record is not a JSON object (or XML element). */
  static final String NOT_OBJECT = "_not_object";
  /** The parsed record: a struct of the source fields, all strings. */
  static final String FIELDS = "_fields";
  /** Why a row is quarantined: reasons joined with "; ", null for a good row. */
  static final String REASON = "_reason";
  /** Whether a row has no reason to be quarantined. */
  static final String GOOD = "_good";
  /** What became of a row: the ordinal of one of {@link Outcome}. */
  static final String OUTCOME = "_outcome";

  /** The partition column of curated and quarantine data (reserved by the config rules). */
  static final String DT_PARTITION = "dt";
  /** The second partition column of quarantine data. */
  static final String RUN_PARTITION = "run";

  private TransformColumns() {}

  /** The working column holding the cleaned text value of the dataset column at an index. */
  static String value(int index) {
    return "_value_" + index;
  }

  /** The working column holding a request-context value of a page (from_context). */
  static String context(String name) {
    return "_context_" + name;
  }

  /** What happened to a row read from the raw zone. */
  enum Outcome { CURATED, QUARANTINED, DUPLICATE }
}
