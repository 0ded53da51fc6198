package io.dif.extract;

import java.time.LocalDate;

/** One committed raw run: a stream's pages for one data date. */
public record StreamRunResult(String source, String stream, LocalDate dt, String runId, int pages,
    long records, long bytes, long storedBytes, String location) {}
