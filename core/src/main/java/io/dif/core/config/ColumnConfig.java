package io.dif.core.config;

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
        + " [field=value] to pick the element of an array of objects by a key (Meta's"
        + " actions[action_type=purchase].value); the column name when left out.",
        pattern = SOURCE_PATH)
    Optional<String> source,
    @ConfigField(description = "Rows without a value are quarantined.", defaultValue = "false")
    boolean required,
    @ConfigField(description = "Pattern of date and timestamp values (Spark datetime pattern,"
        + " e.g. M/d/yyyy h:mm:ss a); ISO-8601 when left out.")
    Optional<String> format,
    @ConfigField(description = "Time zone of timestamp values that have no offset (a region"
        + " id such as America/New_York, or UTC); their instant is stored in UTC.",
        defaultValue = "UTC", pattern = "[A-Za-z0-9_+/-]+")
    String timeZone) {

  /** A source path: segments split by '.', each optionally picking an array element by key. */
  public static final String SOURCE_PATH = "[^.\\[\\]=]+(\\[[^.\\[\\]=]+=[^\\]]*\\])?"
      + "(\\.[^.\\[\\]=]+(\\[[^.\\[\\]=]+=[^\\]]*\\])?)*";

  /** The raw field this column is read from. */
  public String sourceField() {
    return source.orElse(name);
  }
}
