package io.dif.transform;

/**
 * Names of the columns the transform adds next to a dataset's own columns. Dataset columns are
 * config identifiers ({@code [a-z][a-z0-9_]*}) and {@code dt} is reserved by the config rules;
 * the working columns start with '_' so they never meet a dataset column.
 */
final class TransformColumns {
  /** Data date of the raw run folder; the partition column of curated and quarantine data. */
  static final String DT = "dt";
  /** Run id of the raw run; a partition column of quarantine data. */
  static final String RUN = "run";
  /** Page file, relative to its run folder. */
  static final String PAGE = "page";
  /** Position of the record in its page's records array, from 0. */
  static final String POSITION = "position";
  /** The record as JSON text (the whole page when the page itself is unreadable). */
  static final String RECORD = "record";
  /** Why a row is quarantined: reasons joined with "; ", null for a good row. */
  static final String REASON = "reason";

  /** A problem of the whole page (unreadable, no records array), null when the page is fine. */
  static final String PAGE_PROBLEM = "_page_problem";
  /** The parsed record: a struct of the source fields, all strings. */
  static final String FIELDS = "_fields";
  /** What became of a row: one of {@link Outcome}'s names. */
  static final String OUTCOME = "_outcome";

  private TransformColumns() {}

  /** The working column holding the cleaned text value of the dataset column at an index. */
  static String value(int index) {
    return "_value_" + index;
  }

  /** What happened to a row read from the raw zone. */
  enum Outcome { CURATED, QUARANTINED, DUPLICATE }
}
