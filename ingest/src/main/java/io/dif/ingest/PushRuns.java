package io.dif.ingest;

import io.dif.core.state.DocumentId;
import io.dif.core.state.DocumentState;
import io.dif.core.state.RowCounts;
import io.dif.core.state.StateStore;
import io.dif.core.state.Transition;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.raw.RawStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Lands pushed pages in the raw zone. Each stream and data date (the UTC day of receipt) has one
 * run, {@code run={yyyyMMdd}T000000Z-push}, that grows: a page is written, then the manifest is
 * written again listing every page (manifest last, replaced atomically), then the page is
 * recorded LANDED. Readers therefore see the date's pages as of the last manifest, and the
 * transform reads the whole date again when a page is added. Landing a page of a name already
 * listed is a no-op, so a page landed again after a crash is not listed twice.
 */
final class PushRuns {
  static final String STAGE = "ingest";
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final RawStore raw;
  private final StateStore states;
  private final Clock clock;

  PushRuns(RawStore raw, StateStore states, Clock clock) {
    this.raw = raw;
    this.states = states;
    this.clock = clock;
  }

  static String runId(LocalDate dt) {
    return DAY.format(dt) + "T000000Z-push";
  }

  /** What one page holds, written by {@link #land}. */
  interface PageWriter {
    /** Writes the stored bytes; returns the count of records in them. */
    long write(OutputStream out) throws IOException;
  }

  /** Where a landed page is. */
  record Landed(DocumentId document, long records, long bytes) {}

  /**
   * Lands one page in the date's run (unless the manifest lists it already) and records it
   * LANDED. {@code request} describes what sent it (method and API path, never a key).
   */
  synchronized Landed land(String client, String source, String stream, LocalDate dt,
      String file, String contentType, String compression, String requestPath,
      PageWriter writer) throws IOException {
    String runId = runId(dt);
    RawStore.RawRun run = raw.openRun(client, source, stream, dt, runId);
    RawManifest manifest = existing(run);
    DocumentId document = new DocumentId(client, source, stream, dt, runId, file);
    RawManifest.Page listed = manifest == null ? null : manifest.pages().stream()
        .filter(p -> p.file().equals(file)).findFirst().orElse(null);
    if (listed == null) {
      MessageDigest sha = sha256();
      long records;
      Counting counted;
      try (OutputStream out = run.openPage(file)) {
        counted = new Counting(new DigestOutputStream(out, sha));
        records = writer.write(counted);
        counted.flush();
      }
      listed = new RawManifest.Page(file, "POST", requestPath, Map.of(), 202, contentType,
          compression, counted.count, counted.count, HexFormat.of().formatHex(sha.digest()),
          records);
      List<RawManifest.Page> pages = new ArrayList<>(manifest == null ? List.of()
          : manifest.pages());
      pages.add(listed);
      Instant now = clock.instant();
      run.commit(new RawManifest(client, source, stream, dt, runId, dt, dt, 0,
          manifest == null ? now : manifest.startedAt(), now, pages).toJson());
    }
    if (states.get(document).isEmpty()) {
      states.land(document, Transition.to(DocumentState.LANDED, runId, STAGE,
          new RowCounts(listed.records(), listed.records(), 0)));
    }
    return new Landed(document, listed.records(), listed.bytes());
  }

  private static RawManifest existing(RawStore.RawRun run) throws IOException {
    if (!run.files().contains(ZoneLayout.MANIFEST)) {
      return null;
    }
    try (InputStream in = run.open(ZoneLayout.MANIFEST)) {
      return RawManifest.fromJson(in);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Counting extends java.io.FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
