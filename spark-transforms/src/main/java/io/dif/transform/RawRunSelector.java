package io.dif.transform;

import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the committed raw runs of a stream: for each {@code dt=} folder in the date range, the
 * run folder with the greatest run id that has its manifest. Run folders without a manifest are
 * runs still being written (or abandoned) and do not exist for readers. Works through the Hadoop
 * FileSystem API, so the zone root may be a local folder or an {@code s3a://} prefix.
 */
final class RawRunSelector {
  private static final Logger LOG = LoggerFactory.getLogger(RawRunSelector.class);
  private static final String DT_PREFIX = "dt=";
  private static final String RUN_PREFIX = "run=";

  private final Configuration hadoopConf;
  private final String subject;

  /**
   * @param subject what is being transformed, for messages: {@code client.dataset}
   */
  RawRunSelector(Configuration hadoopConf, String subject) {
    this.hadoopConf = hadoopConf;
    this.subject = subject;
  }

  /** The committed run of each data date in [from, to] (both optional, inclusive), by date. */
  List<CommittedRun> select(String streamLocation, Optional<LocalDate> from,
      Optional<LocalDate> to) {
    return select(streamLocation, dt -> !(from.isPresent() && dt.isBefore(from.get())
        || to.isPresent() && dt.isAfter(to.get())));
  }

  /** The committed run of each data date the filter accepts, by date. */
  List<CommittedRun> select(String streamLocation, java.util.function.Predicate<LocalDate> dates) {
    Path stream = new Path(streamLocation);
    try {
      FileSystem fs = stream.getFileSystem(hadoopConf);
      List<CommittedRun> runs = new ArrayList<>();
      for (FileStatus dtFolder : listFolders(fs, stream)) {
        Optional<LocalDate> dt = dataDate(dtFolder.getPath());
        if (dt.isEmpty() || !dates.test(dt.get())) {
          continue;
        }
        latestCommitted(fs, dtFolder.getPath(), dt.get()).ifPresent(runs::add);
      }
      runs.sort(Comparator.comparing(CommittedRun::dt));
      return runs;
    } catch (IOException e) {
      throw new DataException(ErrorCode.TRANSFORM_FAILED, "Cannot transform dataset " + subject
          + ": cannot list raw runs: " + e.getMessage() + ": " + streamLocation, e);
    }
  }

  private Optional<CommittedRun> latestCommitted(FileSystem fs, Path dtFolder, LocalDate dt)
      throws IOException {
    List<FileStatus> runFolders = new ArrayList<>();
    for (FileStatus folder : listFolders(fs, dtFolder)) {
      if (folder.getPath().getName().startsWith(RUN_PREFIX)) {
        runFolders.add(folder);
      }
    }
    // run ids sort by start time: the greatest committed one is the latest
    runFolders.sort(Comparator.comparing((FileStatus folder) -> folder.getPath().getName())
        .reversed());
    for (FileStatus runFolder : runFolders) {
      Path manifestPath = new Path(runFolder.getPath(), ZoneLayout.MANIFEST);
      Optional<RawManifest> manifest = readManifest(fs, manifestPath);
      if (manifest.isPresent()) {
        String runId = runFolder.getPath().getName().substring(RUN_PREFIX.length());
        check(manifest.get(), dt, runId, manifestPath);
        return Optional.of(new CommittedRun(dt, runId, runFolder.getPath().toString(),
            manifest.get()));
      }
      LOG.info("Skipping raw run without manifest (not committed): {}", runFolder.getPath());
    }
    return Optional.empty();
  }

  private Optional<RawManifest> readManifest(FileSystem fs, Path manifestPath)
      throws IOException {
    // open directly instead of exists() + open(): one request on S3, and no race
    try (InputStream in = fs.open(manifestPath)) {
      return Optional.of(RawManifest.fromJson(in));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset " + subject
          + ": manifest is not valid: " + e.getOriginalMessage() + ": " + manifestPath, e);
    }
  }

  private void check(RawManifest manifest, LocalDate dt, String runId, Path manifestPath) {
    if (!dt.equals(manifest.dt()) || !runId.equals(manifest.runId())) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset " + subject
          + ": manifest names dt " + manifest.dt() + " run " + manifest.runId()
          + ", not its folder: " + manifestPath);
    }
    if (manifest.pages() == null) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset " + subject
          + ": manifest lists no pages array: " + manifestPath);
    }
  }

  private static List<FileStatus> listFolders(FileSystem fs, Path folder) throws IOException {
    FileStatus[] entries;
    try {
      entries = fs.listStatus(folder);
    } catch (FileNotFoundException e) {
      return List.of();
    }
    List<FileStatus> folders = new ArrayList<>();
    for (FileStatus entry : entries) {
      if (entry.isDirectory()) {
        folders.add(entry);
      }
    }
    return folders;
  }

  private static Optional<LocalDate> dataDate(Path folder) {
    String name = folder.getName();
    if (!name.startsWith(DT_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(name.substring(DT_PREFIX.length())));
    } catch (DateTimeParseException e) {
      LOG.warn("Skipping raw folder whose dt is not a yyyy-MM-dd date: {}", folder);
      return Optional.empty();
    }
  }
}
