package io.dif.transform;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.SourceConfig;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.RunIds;
import io.dif.core.zone.ZoneLayout;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Deletes the raw runs of a client's sources that landed longer ago than the source's
 * {@code raw_retention} (the age of a run is read from its id, which starts with the time it
 * began): the manifest first, so readers no longer see the run, then its pages and its folder,
 * then the date folder once it is empty.
 */
public final class RawRetention {

  /** One raw run deleted (or, dry, to delete). */
  public record RunResult(String source, String stream, LocalDate dt, String runId,
      String path, int files) {}

  private final ZoneLayout zones;
  private final Configuration hadoop;
  private final Clock clock;

  public RawRetention(ZoneLayout zones, Configuration hadoop, Clock clock) {
    this.zones = zones;
    this.hadoop = hadoop;
    this.clock = clock;
  }

  public List<RunResult> apply(ClientConfig client, boolean dryRun) {
    List<RunResult> results = new ArrayList<>();
    for (Map.Entry<String, SourceConfig> source : client.sources().entrySet()) {
      if (source.getValue().rawRetention().isEmpty()) {
        continue;
      }
      Instant cutoff = clock.instant().atZone(ZoneOffset.UTC)
          .minus(source.getValue().rawRetention().get()).toInstant();
      for (String stream : source.getValue().streams().keySet()) {
        Path folder = new Path(zones.rawStream(client.client(), source.getKey(), stream));
        try {
          results.addAll(expire(folder, source.getKey(), stream, cutoff, dryRun));
        } catch (IOException e) {
          throw new DataException(ErrorCode.DATA_INVALID, "Cannot apply the raw retention of "
              + client.client() + "." + source.getKey() + "." + stream + ": " + e.getMessage(),
              e);
        }
      }
    }
    return results;
  }

  private List<RunResult> expire(Path folder, String source, String stream, Instant cutoff,
      boolean dryRun) throws IOException {
    FileSystem fs = folder.getFileSystem(hadoop);
    List<RunResult> results = new ArrayList<>();
    if (!fs.exists(folder)) {
      return results;
    }
    for (FileStatus dt : fs.listStatus(folder)) {
      String dtName = dt.getPath().getName();
      if (!dt.isDirectory() || !dtName.startsWith("dt=")) {
        continue;
      }
      int kept = 0;
      for (FileStatus run : fs.listStatus(dt.getPath())) {
        String runName = run.getPath().getName();
        Optional<Instant> started = runName.startsWith("run=")
            ? RunIds.startedAt(runName.substring(4)) : Optional.empty();
        if (!run.isDirectory() || started.isEmpty() || !started.get().isBefore(cutoff)) {
          kept++;
          continue;
        }
        int files = fs.listStatus(run.getPath()).length;
        results.add(new RunResult(source, stream, LocalDate.parse(dtName.substring(3)),
            runName.substring(4), run.getPath().toString(), files));
        if (!dryRun) {
          fs.delete(new Path(run.getPath(), ZoneLayout.MANIFEST), false);
          fs.delete(run.getPath(), true);
        }
      }
      if (!dryRun && kept == 0) {
        fs.delete(dt.getPath(), true);
      }
    }
    return results;
  }
}
