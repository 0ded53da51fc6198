package io.dif.core.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One typed column of a dataset. */
public record ColumnConfig(
    @ConfigField(description = "Column name in curated data and in the warehouse.",
        required = true, pattern = Names.IDENTIFIER)
    String name,
    @ConfigField(description = "Type: string, int, long, double, boolean, date, timestamp or"
        + " decimal(p,s).", required = true)
    ColumnType type,
    @ConfigField(description = "Field of the raw record, dotted for nested fields, with"
        + " [field=value] to pick the first element of an array of objects whose key field has"
        + " that value, followed by the field to read from it (Meta's"
        + " actions[action_type=purchase].value); the column name when left out.",
        pattern = SOURCE_PATH)
    Optional<String> source,
    @ConfigField(description = "Rows without a value are quarantined.", defaultValue = "false")
    boolean required,
    @ConfigField(description = "Pattern of date and timestamp values (Spark datetime pattern,"
        + " e.g. M/d/yyyy h:mm:ss a); ISO-8601 when left out. Only for date and timestamp"
        + " columns.")
    Optional<String> format,
    @ConfigField(description = "Time zone of timestamp values that have no offset (a region"
        + " id such as America/New_York, or UTC); their instant is stored in UTC. Only for"
        + " timestamp columns.",
        defaultValue = "UTC", pattern = "[A-Za-z0-9_+/-]+")
    String timeZone,
    @ConfigField(description = "Smallest value allowed (numbers and dates); rows below it are"
        + " quarantined.")
    Optional<String> min,
    @ConfigField(description = "Greatest value allowed (numbers and dates); rows above it are"
        + " quarantined.")
    Optional<String> max,
    @ConfigField(description = "Regular expression (Java syntax) the whole cleaned text value"
        + " must match; rows that do not are quarantined.")
    Optional<String> pattern,
    @ConfigField(description = "The only values allowed (compared with the cleaned text value);"
        + " rows with another value are quarantined. Any value when empty.")
    List<String> allowed,
    @ConfigField(description = "Case of text values: lower or upper; as sent when left out.")
    Optional<TextCase> textCase,
    @ConfigField(description = "Decimal separator of number values as sent: \".\" or \",\";"
        + " the other one, spaces and apostrophes are then grouping and removed"
        + " (1.234,56 with \",\" is 1234.56). Only for number columns.", pattern = "[.,]")
    Optional<String> decimalSeparator,
    @ConfigField(description = "Remove a currency symbol or ISO 4217 code before or after"
        + " number values (\"€ 12,50\", \"12.50 USD\"). Only for number columns.",
        defaultValue = "false")
    boolean stripCurrency,
    @ConfigField(description = "Personal data (GDPR): how the column is anonymized in curated"
        + " and quarantine data.")
    Optional<AnonymizeConfig> anonymize,
    @ConfigField(description = "Take the value from the request context of the page instead"
        + " of the record: a variable the page's parent bound (for_each.bind, e.g. profile_id),"
        + " window_start, window_end or dt. Not with source.", pattern = Names.IDENTIFIER)
    Optional<String> fromContext,
    @ConfigField(description = "Text removed from the start of values, when there (\"$\").")
    Optional<String> stripPrefix,
    @ConfigField(description = "Text removed from the end of values, when there (\"%\").")
    Optional<String> stripSuffix,
    @ConfigField(description = "Regular expression (Java syntax) whose every match is removed"
        + " from values before typing (\"[^0-9.-]\").")
    Optional<String> stripPattern,
    @ConfigField(description = "Values replaced before typing, compared after trimming: value"
        + " as sent to value to type; an empty replacement is a missing value"
        + " (\"--\": \"\").")
    Map<String, String> mapValues,
    @ConfigField(description = "Number values are divided by it, exactly (100: cents to units,"
        + " 1000000: Google's micros; 100 after strip_suffix \"%\": a percent as a fraction)."
        + " Only for number columns.", pattern = "[0-9]+(\\.[0-9]+)?")
    Optional<String> divideBy) {

  /** A column without request context or value preparation. */
  public ColumnConfig(String name, ColumnType type, Optional<String> source, boolean required,
      Optional<String> format, String timeZone, Optional<String> min, Optional<String> max,
      Optional<String> pattern, List<String> allowed, Optional<TextCase> textCase,
      Optional<String> decimalSeparator, boolean stripCurrency,
      Optional<AnonymizeConfig> anonymize) {
    this(name, type, source, required, format, timeZone, min, max, pattern, allowed, textCase,
        decimalSeparator, stripCurrency, anonymize, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
  }

  /** A column without value rules. */
  public ColumnConfig(String name, ColumnType type, Optional<String> source, boolean required,
      Optional<String> format, String timeZone) {
    this(name, type, source, required, format, timeZone, Optional.empty(), Optional.empty(),
        Optional.empty(), List.of());
  }

  /** A column without normalization or anonymization. */
  public ColumnConfig(String name, ColumnType type, Optional<String> source, boolean required,
      Optional<String> format, String timeZone, Optional<String> min, Optional<String> max,
      Optional<String> pattern, List<String> allowed) {
    this(name, type, source, required, format, timeZone, min, max, pattern, allowed,
        Optional.empty(), Optional.empty(), false, Optional.empty());
  }

  /**
   * A source path: segments split by '.', each but the last optionally picking an element of an
   * array of objects by a key field's value (the value may hold dots:
   * {@code actions[action_type=offsite_conversion.fb_pixel_purchase].value}).
   */
  public static final String SOURCE_PATH = "([^.\\[\\]=]+(\\[[^.\\[\\]=]+=[^\\]]*\\])?\\.)*"
      + "[^.\\[\\]=]+";

  /** The raw field this column is read from. */
  public String sourceField() {
    return source.orElse(name);
  }
}
