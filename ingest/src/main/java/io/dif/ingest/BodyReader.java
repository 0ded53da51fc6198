package io.dif.ingest;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body within its limits: the declared length is checked before a byte is
 * read, the bytes as sent are counted while reading (chunked bodies), a gzip Content-Encoding is
 * undone with its own limit (a small bomb cannot grow past it), and a client sending too slowly
 * is cut off at a deadline.
 */
final class BodyReader {
  private final long maxBytes;
  private final long maxInflatedBytes;
  private final long deadlineNanos;

  BodyReader(long maxBytes, long maxInflatedBytes, java.time.Duration timeout) {
    this.maxBytes = maxBytes;
    this.maxInflatedBytes = maxInflatedBytes;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  /** Refuses a declared length over the limit before reading anything. */
  void checkDeclaredLength(long contentLength) {
    if (contentLength > maxBytes) {
      throw new ApiError(413, "Cannot accept the request: the body of " + contentLength
          + " bytes is over the limit of " + maxBytes + " bytes");
    }
  }

  /** The whole body, decoded from gzip when its Content-Encoding says so. */
  byte[] read(InputStream body, Optional<String> contentEncoding) throws IOException {
    String encoding = contentEncoding.map(e -> e.trim().toLowerCase(Locale.ROOT)).orElse("");
    InputStream counted = new Limited(body, maxBytes, "body");
    InputStream decoded = switch (encoding) {
      case "", "identity" -> counted;
      case "gzip", "x-gzip" -> gunzip(counted);
      default -> throw new ApiError(415, "Cannot accept the request: Content-Encoding "
          + encoding + " is not supported (send gzip or none)");
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      copy(new Limited(decoded, maxInflatedBytes, "decompressed body"), out);
    } catch (ZipException | EOFException e) {
      throw new ApiError(400, "Cannot accept the request: the gzip body is broken");
    }
    return out.toByteArray();
  }

  /** Streams the body to {@code out} (an upload), counting it against the byte limit. */
  long copyTo(InputStream body, OutputStream out) throws IOException {
    return copy(new Limited(body, maxBytes, "file"), out);
  }

  private static InputStream gunzip(InputStream in) throws IOException {
    try {
      return new GZIPInputStream(in, 8192);
    } catch (ZipException | EOFException e) {
      throw new ApiError(400, "Cannot accept the request: Content-Encoding is gzip but the"
          + " body is not gzip");
    }
  }

  private long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[16384];
    long total = 0;
    int read;
    while ((read = in.read(buffer)) >= 0) {
      out.write(buffer, 0, read);
      total += read;
    }
    return total;
  }

  /** Counts bytes and time; past either limit the request is refused. */
  private final class Limited extends InputStream {
    private final InputStream in;
    private final long limit;
    private final String what;
    private long count;

    Limited(InputStream in, long limit, String what) {
      this.in = in;
      this.limit = limit;
      this.what = what;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (System.nanoTime() - deadlineNanos > 0) {
        throw new ApiError(408, "Cannot accept the request: the body was sent too slowly");
      }
      int read = in.read(buffer, offset, (int) Math.min(length, limit - count + 1));
      if (read > 0) {
        count += read;
        if (count > limit) {
          throw new ApiError(413, "Cannot accept the request: the " + what + " is over the"
              + " limit of " + limit + " bytes");
        }
      }
      return read;
    }
  }
}
