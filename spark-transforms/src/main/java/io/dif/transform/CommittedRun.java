package io.dif.transform;

import io.dif.core.zone.RawManifest;
import java.time.LocalDate;
import java.util.List;

/**
 * The run chosen for one data date: the latest run folder of the stream that has its manifest.
 *
 * @param dt data date of the {@code dt=} folder
 * @param runId run id of the {@code run=} folder
 * @param location the run folder, as a Hadoop path string (local or {@code s3a://})
 * @param manifest the run's manifest, which lists the pages to read
 */
record CommittedRun(LocalDate dt, String runId, String location, RawManifest manifest) {

  /** The full path of every page the manifest lists, in manifest order. */
  List<String> pagePaths() {
    return manifest.pages().stream().map(page -> location + "/" + page.file()).toList();
  }
}
