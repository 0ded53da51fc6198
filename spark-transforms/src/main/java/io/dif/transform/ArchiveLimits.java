package io.dif.transform;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The limits of a compressed page ({@code archive} in the dataset config), counted while its
 * bytes expand: most bytes over all entries, largest ratio of expanded to stored bytes
 * (checked past 1 MiB), most entries. A page is refused having expanded at most its limit,
 * never read whole first.
 */
final class ArchiveLimits {
  private static final int CHECKED_FROM = 1 << 20;

  private final PageFormat format;
  private final long stored;

  ArchiveLimits(PageFormat format, long stored) {
    this.format = format;
    this.stored = Math.max(1, stored);
  }

  /**
   * Expands a page without parsing it and says why it is refused, or null when it is within
   * the limits (or breaks off before them: the parse keeps what comes before the break).
   */
  String refusal(InputStream page, boolean zip) throws IOException {
    Counted counted = counting();
    byte[] buffer = new byte[65_536];
    try {
      if (zip) {
        ZipInputStream entries = new ZipInputStream(page);
        int count = 0;
        ZipEntry entry;
        while ((entry = entries.getNextEntry()) != null) {
          if (!entry.isDirectory() && ++count > format.maxEntries()) {
            return "archive holds more than " + format.maxEntries()
                + " files (archive.max_entries)";
          }
          InputStream in = counted.wrap(entries, false);
          while (in.read(buffer) >= 0) {
            // counted
          }
        }
      } else {
        InputStream in = counted.wrap(new GZIPInputStream(page, 65_536), true);
        while (in.read(buffer) >= 0) {
          // counted
        }
      }
    } catch (PageRejected e) {
      return e.getMessage();
    } catch (EOFException | ZipException e) {
      return null; // a break: the parse keeps the records before it and reports it
    } catch (IOException e) {
      if (e.getCause() instanceof PageRejected rejected) {
        return rejected.getMessage();
      }
      return null;
    }
    return null;
  }

  Counted counting() {
    return new Counted();
  }

  /** The refusal a parser may have wrapped into its own exception, or null. */
  static String refusal(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PageRejected rejected) {
        return rejected.getMessage();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /** A page refused whole, such as an archive over its limits. */
  static final class PageRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PageRejected(String message) {
      super(message, null, false, false);
    }
  }

  /** Counts the bytes a page expands to, over all the streams it wraps. */
  final class Counted {
    private long expanded;

    InputStream wrap(InputStream in, boolean closes) {
      return new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            count(1);
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = super.read(buffer, offset, length);
          if (n > 0) {
            count(n);
          }
          return n;
        }

        @Override
        public void close() throws IOException {
          if (closes) {
            super.close();
          }
          // entries of a zip share its stream: the owner closes it
        }
      };
    }

    private void count(int bytes) {
      expanded += bytes;
      if (expanded > format.maxUncompressedBytes()) {
        throw new PageRejected("archive expands beyond " + format.maxUncompressedBytes()
            + " bytes (archive.max_uncompressed_bytes)");
      }
      if (expanded > stored * format.maxCompressionRatio() && expanded > CHECKED_FROM) {
        throw new PageRejected("archive expands more than " + format.maxCompressionRatio()
            + " times its " + stored + " bytes (archive.max_compression_ratio)");
      }
    }
  }
}
