package io.dif.core.state;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an extraction stopped: its window, the last page token and pending async report ids.
 *
 * @param fencingToken the token of the run lock held by the writer (see {@link FencingTokens})
 * @param updatedAt set by the store when saved
 */
public record Checkpoint(CheckpointKey key, LocalDate windowStart, LocalDate windowEnd,
    Optional<String> pageToken, List<String> reportIds, String runId, long fencingToken,
    Instant updatedAt) {

  public Checkpoint {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(runId, "runId");
    pageToken = pageToken == null ? Optional.empty() : pageToken;
    reportIds = reportIds == null ? List.of() : List.copyOf(reportIds);
  }
}
