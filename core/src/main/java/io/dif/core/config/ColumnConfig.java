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
    @ConfigField(description = "Field of the raw record, dotted for nested fields; the column"
        + " name when left out.", pattern = "[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*")
    Optional<String> source,
    @ConfigField(description = "Rows without a value are quarantined.", defaultValue = "false")
    boolean required) {

  /** The raw field this column is read from. */
  public String sourceField() {
    return source.orElse(name);
  }
}
