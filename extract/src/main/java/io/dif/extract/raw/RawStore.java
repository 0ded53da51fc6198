package io.dif.extract.raw;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * The raw zone as the extractor sees it: open a run, stream pages into it, commit it by writing
 * its manifest last. Implementations: local disk ({@link LocalRawStore}); S3 comes behind the
 * same interface.
 */
public interface RawStore {

  /**
   * Opens a new, invisible run of one stream and data date, or reopens the uncommitted run
   * {@code runId} to resume it.
   */
  RawRun openRun(String client, String source, String stream, LocalDate dt, String runId)
      throws IOException;

  /** A run being written. Pages become part of it only once their stream is closed. */
  interface RawRun {
    /** A stream for one page's stored bytes; closing it lands the page under {@code fileName}. */
    OutputStream openPage(String fileName) throws IOException;

    /** Writes the manifest, which makes the run visible to readers. */
    void commit(byte[] manifestJson) throws IOException;

    /** Where the run lives, for messages. */
    String location();

    /** Names of the files landed in this run so far (not half-written ones), to resume it. */
    List<String> files() throws IOException;

    /** Reads a landed file of this run. */
    InputStream open(String fileName) throws IOException;

    /** Removes a landed file that a resumed run does not keep (landed after its checkpoint). */
    void delete(String fileName) throws IOException;
  }
}
