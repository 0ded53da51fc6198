package io.dif.core.config;

import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

/**
 * Splits the extraction into date windows; each window is one request chain whose data date
 * ({@code dt}) is the window's first day. A run without {@code --from/--to} extracts from the
 * stream's high-water mark (the last day of the windows committed so far, counted from
 * {@code start} without gaps) minus {@code lookback}, up to {@code end} or yesterday.
 */
public record WindowConfig(
    @ConfigField(description = "First data date to extract.", required = true)
    LocalDate start,
    @ConfigField(description = "Last data date to extract, inclusive; yesterday when left out.")
    Optional<LocalDate> end,
    @ConfigField(description = "Length of one window.", defaultValue = "P1D")
    Period step,
    @ConfigField(description = "How many days before the high-water mark each run extracts"
        + " again, for platforms that restate recent days (attribution windows).",
        defaultValue = "P0D")
    Period lookback) {}
