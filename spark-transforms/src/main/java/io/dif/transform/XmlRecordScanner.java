package io.dif.transform;

import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Cuts the text of each record element (by its local name) out of an XML document as it
 * streams, the way spark-xml's record reader does, so that one malformed record does not end
 * the page: the next record element is found by its start tag whatever came before. Comments,
 * CDATA sections and quoted attribute values are skipped over, so tags inside them do not
 * count. A document type declaration anywhere is refused.
 */
final class XmlRecordScanner {
  /** A record element longer than this (characters) breaks the page off. */
  static final int MAX_RECORD_CHARS = 16 << 20;

  private static final ThreadLocal<XMLInputFactory> CHECKER = ThreadLocal.withInitial(() -> {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    factory.setXMLResolver((publicId, systemId, base, namespace) -> {
      throw new XMLStreamException("external entities are never resolved");
    });
    return factory;
  });

  /** A document type declaration was found. */
  static final class DocumentTypeException extends IOException {
    private static final long serialVersionUID = 1L;

    DocumentTypeException() {
      super("document type declaration");
    }
  }

  private final Reader in;
  private final String rowTag;
  private final char[] buffer = new char[65_536];
  private int at;
  private int end;
  private StringBuilder record;

  XmlRecordScanner(Reader in, String rowTag) {
    this.in = in;
    this.rowTag = rowTag;
  }

  /** The text of the next record element, or null at the end of the document. */
  String next() throws IOException {
    record = null;
    int c;
    while ((c = read()) >= 0) {
      if (c != '<') {
        continue;
      }
      int kind = peek();
      if (kind == '?' || kind == '!' || kind == '/') {
        skipMarkup();
        continue;
      }
      String name = name();
      if (!local(name).equals(rowTag)) {
        continue;
      }
      record = new StringBuilder(256).append('<').append(name);
      if (finishTag()) {
        return record.toString();
      }
      int depth = 1;
      while (depth > 0) {
        c = read();
        if (c < 0) {
          throw new EOFException("the document ends inside a <" + name + "> element");
        }
        if (c != '<') {
          continue;
        }
        kind = peek();
        if (kind == '?' || kind == '!') {
          skipMarkup();
        } else if (kind == '/') {
          read();
          String closing = name();
          finishTag();
          if (closing.equals(name)) {
            depth--;
          }
        } else {
          String inner = name();
          if (!finishTag() && inner.equals(name)) {
            depth++;
          }
        }
      }
      return record.toString();
    }
    return null;
  }

  /**
   * Whether a record's text is well-formed XML on its own: null when it is, else where it is
   * not (never its text).
   */
  static String wellFormedProblem(String text) {
    try {
      XMLStreamReader reader = CHECKER.get().createXMLStreamReader(new StringReader(text));
      try {
        while (reader.hasNext()) {
          if (reader.next() == XMLStreamReader.ENTITY_REFERENCE) {
            return "entity references are not allowed";
          }
        }
      } finally {
        reader.close();
      }
      return null;
    } catch (XMLStreamException e) {
      return e.getLocation() == null ? "not well-formed"
          : "not well-formed at line " + e.getLocation().getLineNumber() + ", column "
              + e.getLocation().getColumnNumber();
    }
  }

  private static String local(String name) {
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(colon + 1);
  }

  /** A tag name (the '<' read); stops before whitespace, '/', '>' or the end. */
  private String name() throws IOException {
    StringBuilder name = new StringBuilder();
    int c;
    while ((c = peek()) >= 0 && !Character.isWhitespace(c) && c != '/' && c != '>'
        && c != '<') {
      name.append((char) read());
    }
    return name.toString();
  }

  /** Reads to the end of a tag, over quoted values; true when it was self-closing. */
  private boolean finishTag() throws IOException {
    int quote = 0;
    int previous = 0;
    int c;
    while ((c = read()) >= 0) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return previous == '/';
      } else if (c == '<') {
        return false; // a broken tag: the record check says so
      }
      previous = c;
    }
    return false;
  }

  /** Skips (or, inside a record, copies) a comment, CDATA section, declaration or PI. */
  private void skipMarkup() throws IOException {
    int kind = read();
    if (kind == '!') {
      StringBuilder head = new StringBuilder();
      while (head.length() < 7 && peek() >= 0) {
        head.append((char) read());
        String text = head.toString();
        if (text.equals("--")) {
          skipTo("-->");
          return;
        }
        if (text.equals("[CDATA[")) {
          skipTo("]]>");
          return;
        }
        if (text.equals("DOCTYPE")) {
          throw new DocumentTypeException();
        }
      }
      skipTo(">");
    } else if (kind == '?') {
      skipTo("?>");
    } else {
      skipTo(">");
    }
  }

  private void skipTo(String marker) throws IOException {
    char[] tail = new char[marker.length()];
    int seen = 0;
    int c;
    while ((c = read()) >= 0) {
      System.arraycopy(tail, 1, tail, 0, tail.length - 1);
      tail[tail.length - 1] = (char) c;
      if (++seen >= tail.length && marker.contentEquals(new String(tail))) {
        return;
      }
    }
  }

  private int peek() throws IOException {
    if (at == end && !fill()) {
      return -1;
    }
    return buffer[at];
  }

  private int read() throws IOException {
    if (at == end && !fill()) {
      return -1;
    }
    char c = buffer[at++];
    if (record != null) {
      if (record.length() >= MAX_RECORD_CHARS) {
        throw new IOException("an XML record is longer than " + MAX_RECORD_CHARS
            + " characters");
      }
      record.append(c);
    }
    return c;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    at = 0;
    end = n;
    return true;
  }
}
