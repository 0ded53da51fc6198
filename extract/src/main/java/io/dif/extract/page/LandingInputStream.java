package io.dif.extract.page;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes a response body through while copying every byte read to the raw zone, hashing and
 * counting it. Whoever reads (the page scanner) drives the copy; {@link #drain} lands the rest.
 */
public final class LandingInputStream extends FilterInputStream {
  private final OutputStream copy;
  private final MessageDigest sha256;
  private long bytes;

  public LandingInputStream(InputStream body, OutputStream copy) {
    super(body);
    this.copy = copy;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      copy.write(b);
      sha256.update((byte) b);
      bytes++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      copy.write(buffer, offset, n);
      sha256.update(buffer, offset, n);
      bytes += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  /** Reads what is left of the body, so the whole body is landed. */
  public void drain() throws IOException {
    byte[] buffer = new byte[64 * 1024];
    while (read(buffer, 0, buffer.length) >= 0) {
      // copied by read
    }
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  public long bytes() {
    return bytes;
  }

  public String sha256() {
    return HexFormat.of().formatHex(sha256.digest());
  }
}
