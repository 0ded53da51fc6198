package io.dif.extract;

import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.raw.RawStore;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Lands documents that are not HTTP answers (database pages, downloaded files) into a run the
 * way {@link PageLanding} lands pages: streamed into the raw zone, gzipped on the way unless
 * they are gzip or zip already, hashed and counted, and added to the run's manifest lines. A
 * document whose writer fails leaves no file behind. One thread lands at a time.
 */
final class DocumentLanding {
  private static final int BUFFER = 64 * 1024;

  private final String qualified;
  private final RunProgress progress;

  DocumentLanding(String qualified, RunProgress progress) {
    this.qualified = qualified;
    this.progress = progress;
  }

  /** Writes a document's bytes (as received or produced) and says how many records it holds. */
  interface Body {
    long write(OutputStream out) throws IOException;
  }

  /** How the document is described in the manifest (never a secret in {@code url}). */
  record Description(String method, String url, Map<String, String> parent, String contentType) {}

  /**
   * Lands one document as page {@code page-NNNNN.{extension}}, or nothing when the body wrote
   * no byte and {@code keepEmpty} is false; returns its manifest line, else null.
   *
   * @param packed the body is already gzip ("gzip") or zip ("zip"), else null: gzipped here
   */
  RawManifest.Page land(String extension, String packed, Description description, Body body,
      boolean keepEmpty) throws IOException {
    RawStore.RawRun run = progress.run();
    int number = progress.pageNumbers().get();
    String file = ZoneLayout.pageName(number, packed == null ? extension + ".gz"
        : "zip".equals(packed) ? "zip" : extension + ".gz");
    MessageDigest sha256 = sha256();
    long records;
    long bytes;
    long stored;
    OutputStream raw = openPage(run, file);
    try {
      Counting counted = new Counting(raw);
      OutputStream target = packed == null ? new GZIPOutputStream(counted, BUFFER) : counted;
      Counting received = new Counting(new DigestOutputStream(target, sha256));
      records = body.write(received);
      received.flush();
      if (target instanceof GZIPOutputStream gzip) {
        gzip.finish();
      }
      target.flush();
      bytes = received.count;
      stored = counted.count;
      target.close();
    } catch (IOException | RuntimeException e) {
      closeQuietly(raw, e);
      delete(run, file, e);
      throw e;
    }
    if (bytes == 0 && !keepEmpty) {
      run.delete(file);
      return null;
    }
    progress.pageNumbers().set(number + 1);
    RawManifest.Page page = new RawManifest.Page(file, description.method(), description.url(),
        description.parent(), 0, description.contentType(), packed == null ? "gzip" : packed,
        bytes, stored, HexFormat.of().formatHex(sha256.digest()), records);
    progress.pages().add(page);
    return page;
  }

  /**
   * Copies a page of another run of the same stream (as stored, same manifest line under this
   * run's next file name): a same-day run carries the pages of the date's earlier run over.
   */
  RawManifest.Page carry(RawStore.RawRun from, RawManifest.Page page) throws IOException {
    RawStore.RawRun run = progress.run();
    int number = progress.pageNumbers().get();
    String file = ZoneLayout.pageName(number, page.file().substring(page.file().indexOf('.') + 1));
    OutputStream out = openPage(run, file);
    try (InputStream in = from.open(page.file())) {
      in.transferTo(out);
      out.close();
    } catch (IOException | RuntimeException e) {
      closeQuietly(out, e);
      delete(run, file, e);
      throw e;
    }
    progress.pageNumbers().set(number + 1);
    RawManifest.Page copy = new RawManifest.Page(file, page.method(), page.url(), page.parent(),
        page.status(), page.contentType(), page.compression(), page.bytes(), page.storedBytes(),
        page.sha256(), page.records());
    progress.pages().add(copy);
    return copy;
  }

  private OutputStream openPage(RawStore.RawRun run, String file) {
    try {
      return run.openPage(file);
    } catch (IOException e) {
      throw RunProgress.rawFailure("write page " + file + " of stream " + qualified + " to "
          + run.location(), e);
    }
  }

  private static void closeQuietly(OutputStream out, Exception failure) {
    try {
      out.close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void delete(RawStore.RawRun run, String file, Exception failure) {
    try {
      run.delete(file);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Counting extends FilterOutputStream {
    private long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      count += length;
    }
  }
}
