package io.dif.core.config;

import java.util.Optional;

/** How the CSV pages of a dataset are written. */
public record CsvConfig(
    @ConfigField(description = "Whether the first line (after skip_lines) names the fields;"
        + " without a header, fields are named _c0, _c1, ...", defaultValue = "true")
    boolean header,
    @ConfigField(description = "Field delimiter: one character.", defaultValue = ",",
        pattern = "[\\s\\S]")
    String delimiter,
    @ConfigField(description = "Quote character: one character.", defaultValue = "\"",
        pattern = "[\\s\\S]")
    String quote,
    @ConfigField(description = "Character that escapes a quote inside a quoted field.",
        defaultValue = "\"", pattern = "[\\s\\S]")
    String escape,
    @ConfigField(description = "Character encoding of the file, a Java charset name; bytes"
        + " that are not valid in it quarantine the rest of the file.", defaultValue = "UTF-8",
        pattern = "[A-Za-z0-9._:-]+")
    String encoding,
    @ConfigField(description = "Lines to skip before the header (report titles, date ranges).",
        defaultValue = "0", min = 0, max = 1000)
    int skipLines,
    @ConfigField(description = "Rows to skip at the end of the file (copyright footers, totals).",
        defaultValue = "0", min = 0, max = 1000)
    int skipFooterLines,
    @ConfigField(description = "The header is the first row (after skip_lines) whose first"
        + " field starts with this text (\"TimePeriod\"); the rows before it are skipped, as"
        + " report titles. A page without such a row is quarantined.")
    Optional<String> headerStartsWith,
    @ConfigField(description = "The header is the first row (after skip_lines) that this"
        + " regular expression (Java syntax) finds in its fields joined by the delimiter.")
    Optional<String> headerPattern,
    @ConfigField(description = "The data ends before the first row whose first field starts"
        + " with this text (\"©\", \"Total\"); it and the rows after it are skipped.")
    Optional<String> footerStartsWith,
    @ConfigField(description = "The data ends before the first row that this regular"
        + " expression (Java syntax) finds in its fields joined by the delimiter.")
    Optional<String> footerPattern) {

  /** CSV settings with fixed header and footer line counts. */
  public CsvConfig(boolean header, String delimiter, String quote, String escape,
      String encoding, int skipLines, int skipFooterLines) {
    this(header, delimiter, quote, escape, encoding, skipLines, skipFooterLines,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
