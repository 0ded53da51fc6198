package io.dif.core.config;

import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

/**
 * How long a dataset keeps personal data, by the age of its rows' data date ({@code dt}), applied
 * by {@code dif retention run} to the curated and quarantine tables and the warehouse.
 */
public record RetentionConfig(
    @ConfigField(description = "Age (ISO-8601 period, e.g. P90D) after which a row's"
        + " personal-data columns (those with anonymize) lose what still links them to a person:"
        + " hmac_sha256 and drop columns become null, mask and generalize are applied to the"
        + " stored value. No anonymization when left out.")
    Optional<Period> anonymizeAfter,
    @ConfigField(description = "Age (ISO-8601 period, e.g. P3Y) after which rows are deleted."
        + " No deletion when left out.")
    Optional<Period> deleteAfter) {

  /** The first data date that is still younger than {@code period} on {@code today}. */
  public static LocalDate cutoff(LocalDate today, Period period) {
    return today.minus(period);
  }
}
