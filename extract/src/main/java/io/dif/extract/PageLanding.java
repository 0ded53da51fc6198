package io.dif.extract;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dif.core.config.DataFormat;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.http.RedactedUrl;
import io.dif.extract.page.LandingInputStream;
import io.dif.extract.page.PageScanner;
import io.dif.extract.page.PageSummary;
import io.dif.extract.raw.RawStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Lands the pages of one run: each body is streamed into the raw zone as it arrives (gzipped on
 * the way unless it is gzip or zip already), hashed and counted, while the page scanner reads
 * what the extractor needs from the same bytes. No body is ever held whole in memory.
 */
final class PageLanding {
  private static final int BUFFER = 64 * 1024;

  private final String qualified;
  private final String records;
  private final RawStore.RawRun run;
  private final AtomicInteger pageNumbers;
  private final List<RawManifest.Page> pages;

  PageLanding(String qualified, String records, RawStore.RawRun run, AtomicInteger pageNumbers,
      List<RawManifest.Page> pages) {
    this.qualified = qualified;
    this.records = records;
    this.run = run;
    this.pageNumbers = pageNumbers;
    this.pages = pages;
  }

  /** How a body is stored. */
  private enum Packing {
    /** Received uncompressed, gzipped on the way. */
    GZIP_ON_THE_WAY,
    /** Received gzipped, stored as received. */
    GZIP,
    /** Received as a zip archive, stored as received. */
    ZIP
  }

  /**
   * Lands an API page as received (gzipped on the way unless it is gzip or zip already). JSON
   * content must hold the records array and is scanned (through gzip when compressed); other
   * formats and zip archives are landed without being read.
   *
   * @throws IOException when the body breaks off: the partly landed file is removed, and the
   *     page can be fetched again
   */
  PageSummary landPage(Request request, Response response, PageScanner scanner,
      Map<String, String> parent, int chainPage, DataFormat format) throws IOException {
    return land(request, response, scanner, parent, chainPage,
        packingOf(response.body().source()), format);
  }

  /** Lands a report download as received: {@link #landPage} of a one-page chain. */
  PageSummary landDownload(Request request, Response response, PageScanner scanner,
      Map<String, String> parent, DataFormat format) throws IOException {
    return landPage(request, response, scanner, parent, 1, format);
  }

  private static Packing packingOf(BufferedSource source) throws IOException {
    source.request(4);
    Buffer head = source.getBuffer();
    if (head.size() >= 2 && (head.getByte(0) & 0xff) == 0x1f && (head.getByte(1) & 0xff) == 0x8b) {
      return Packing.GZIP;
    }
    if (head.size() >= 4 && head.getByte(0) == 'P' && head.getByte(1) == 'K'
        && head.getByte(2) < 9 && head.getByte(3) < 9) {
      return Packing.ZIP;
    }
    return Packing.GZIP_ON_THE_WAY;
  }

  private PageSummary land(Request request, Response response, PageScanner scanner,
      Map<String, String> parent, int chainPage, Packing packing, DataFormat format)
      throws IOException {
    String extension = packing == Packing.ZIP ? "zip" : extension(format) + ".gz";
    String file = ZoneLayout.pageName(pageNumbers.getAndIncrement(), extension);
    PageSummary summary = null;
    LandingInputStream landing;
    long stored = 0;
    IOException brokenBody = null;
    try (CountingOutputStream counted = new CountingOutputStream(new RawOutput(file))) {
      OutputStream target = packing == Packing.GZIP_ON_THE_WAY
          ? new GZIPOutputStream(counted, BUFFER) : counted;
      landing = new LandingInputStream(response.body().byteStream(), target);
      try {
        if (format == DataFormat.JSON && packing != Packing.ZIP) {
          summary = scan(request, scanner, chainPage, packing, landing);
        }
        landing.drain();
      } catch (IOException e) {
        brokenBody = e;
      }
      if (brokenBody == null) {
        if (target instanceof GZIPOutputStream gzip) {
          gzip.finish();
        }
        target.flush();
        stored = counted.count;
        target.close();
      }
    }
    if (brokenBody != null) {
      removePartial(file, brokenBody);
      throw brokenBody;
    }
    if (summary != null && !summary.recordsFound()) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot read page " + chainPage
          + " of stream " + qualified + " from " + RedactedUrl.of(request.url())
          + ": no records array at " + (records.isEmpty() ? "the top level" : records));
    }
    if (summary == null) {
      summary = new PageSummary(Map.of(), false, 0, List.of());
    }
    String contentType = response.header("Content-Type", "application/octet-stream");
    pages.add(new RawManifest.Page(file, request.method(), RedactedUrl.of(request.url()), parent,
        response.code(), contentType, packing == Packing.ZIP ? "zip" : "gzip", landing.bytes(),
        stored, landing.sha256(), summary.recordCount()));
    return summary;
  }

  private PageSummary scan(Request request, PageScanner scanner, int chainPage, Packing packing,
      LandingInputStream landing) throws IOException {
    InputStream json = packing == Packing.GZIP ? new GZIPInputStream(landing, BUFFER) : landing;
    try {
      return scanner.scan(json);
    } catch (JsonProcessingException e) {
      landing.drain();
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot read page " + chainPage
          + " of stream " + qualified + " from " + RedactedUrl.of(request.url())
          + ": not valid JSON: " + JsonMessages.describe(e));
    }
  }

  /** Removes the file of a page whose body broke off, so it never counts. */
  private void removePartial(String file, IOException brokenBody) {
    try {
      run.delete(file);
    } catch (IOException e) {
      brokenBody.addSuppressed(e);
    }
  }

  private static String extension(DataFormat format) {
    return switch (format) {
      case JSON -> "json";
      case JSON_LINES -> "jsonl";
      case CSV -> "csv";
      case XML -> "xml";
    };
  }

  /**
   * The raw zone's side of a page: its failures become RAW_WRITE_FAILED, so an I/O error that
   * leaves {@link #land} comes from the network (the body being read).
   */
  private final class RawOutput extends OutputStream {
    private final String file;
    private final OutputStream out;

    RawOutput(String file) {
      this.file = file;
      try {
        this.out = run.openPage(file);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void write(int b) {
      try {
        out.write(b);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      try {
        out.write(bytes, offset, length);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void flush() {
      try {
        out.flush();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    private RuntimeException failed(IOException e) {
      return RunProgress.rawFailure("write page " + file + " of stream " + qualified + " to "
          + run.location(), e);
    }
  }

  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    private long count;

    CountingOutputStream(OutputStream out) {
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
