package io.dif.transform;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The character encoding of a text page: a byte-order mark (UTF-8, UTF-16, UTF-32) wins and is
 * not part of the text; else the declared encoding; else, for XML, the prolog's; else UTF-8.
 * Bytes that are not valid in the encoding become U+FFFD, so every text read is valid Unicode
 * (and its records are quarantined: {@link PageParser}).
 */
final class TextDecoding {
  private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
  private static final Charset UTF_32LE = Charset.forName("UTF-32LE");
  private static final Pattern PROLOG_ENCODING =
      Pattern.compile("^<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

  /** A stream positioned after its byte-order mark, and the encoding of its text. */
  record Decoded(InputStream in, Charset charset, boolean marked) {
    Reader reader() {
      return new InputStreamReader(in, charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE));
    }
  }

  private TextDecoding() {}

  /**
   * @param declared the configured encoding, or null
   * @param xml whether an XML prolog may name the encoding
   */
  static Decoded open(InputStream source, String declared, boolean xml) throws IOException {
    PushbackInputStream in = new PushbackInputStream(source, 256);
    byte[] head = new byte[256];
    int n = 0;
    int read;
    while (n < 4 && (read = in.read(head, n, head.length - n)) > 0) {
      n += read;
    }
    int[] b = new int[4];
    for (int i = 0; i < 4; i++) {
      b[i] = i < n ? head[i] & 0xFF : -1;
    }
    Charset charset = null;
    int bom = 0;
    if (b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
      charset = StandardCharsets.UTF_8;
      bom = 3;
    } else if (b[0] == 0x00 && b[1] == 0x00 && b[2] == 0xFE && b[3] == 0xFF) {
      charset = UTF_32BE;
      bom = 4;
    } else if (b[0] == 0xFF && b[1] == 0xFE && b[2] == 0x00 && b[3] == 0x00) {
      charset = UTF_32LE;
      bom = 4;
    } else if (b[0] == 0xFE && b[1] == 0xFF) {
      charset = StandardCharsets.UTF_16BE;
      bom = 2;
    } else if (b[0] == 0xFF && b[1] == 0xFE) {
      charset = StandardCharsets.UTF_16LE;
      bom = 2;
    }
    if (charset == null && declared != null) {
      charset = Charset.forName(declared);
    }
    if (charset == null && xml) {
      while (n < head.length && (read = in.read(head, n, head.length - n)) > 0) {
        n += read;
      }
      Matcher matcher = PROLOG_ENCODING.matcher(new String(head, 0, n,
          StandardCharsets.ISO_8859_1));
      if (matcher.find() && Charset.isSupported(matcher.group(1))) {
        charset = Charset.forName(matcher.group(1));
      }
    }
    if (n > bom) {
      in.unread(head, bom, n - bom);
    }
    return new Decoded(in, charset == null ? StandardCharsets.UTF_8 : charset, bom > 0);
  }

  /**
   * A whole page's first {@code length} bytes as UTF-8 without a byte-order mark: the same
   * array when they already are (no copy: its first {@code length} bytes are the text), else
   * a new array of exactly the text.
   */
  static byte[] utf8(byte[] page, int length, String declared) {
    Charset charset = null;
    int bom = 0;
    int b0 = length > 0 ? page[0] & 0xFF : -1;
    int b1 = length > 1 ? page[1] & 0xFF : -1;
    int b2 = length > 2 ? page[2] & 0xFF : -1;
    int b3 = length > 3 ? page[3] & 0xFF : -1;
    if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
      charset = StandardCharsets.UTF_8;
      bom = 3;
    } else if (b0 == 0x00 && b1 == 0x00 && b2 == 0xFE && b3 == 0xFF) {
      charset = UTF_32BE;
      bom = 4;
    } else if (b0 == 0xFF && b1 == 0xFE && b2 == 0x00 && b3 == 0x00) {
      charset = UTF_32LE;
      bom = 4;
    } else if (b0 == 0xFE && b1 == 0xFF) {
      charset = StandardCharsets.UTF_16BE;
      bom = 2;
    } else if (b0 == 0xFF && b1 == 0xFE) {
      charset = StandardCharsets.UTF_16LE;
      bom = 2;
    } else if (declared != null) {
      charset = Charset.forName(declared);
    }
    if (charset == null || charset.equals(StandardCharsets.UTF_8)) {
      if (bom == 0) {
        return page;
      }
      byte[] copy = new byte[length - bom];
      System.arraycopy(page, bom, copy, 0, copy.length);
      return copy;
    }
    return new String(page, bom, length - bom, charset).getBytes(StandardCharsets.UTF_8);
  }
}
