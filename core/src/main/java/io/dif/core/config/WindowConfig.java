package io.dif.core.config;

import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

/**
 * Splits the extraction into date windows; each window is one request chain whose data date
 * ({@code dt}) is the window's first day.
 */
public record WindowConfig(
    @ConfigField(description = "First data date to extract.", required = true)
    LocalDate start,
    @ConfigField(description = "Last data date to extract, inclusive; yesterday when left out.")
    Optional<LocalDate> end,
    @ConfigField(description = "Length of one window.", defaultValue = "P1D")
    Period step) {}
