package io.dif.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.dif.core.config.DataFormat;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.XMLEvent;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Splits one raw page (a row of Spark's {@code binaryFile} source) into its records, on the
 * executors: CSV, JSON Lines, XML, or JSON inside a zip; the page may be gzipped ({@code .gz})
 * or a zip archive ({@code .zip}, entries read one after the other as streams).
 *
 * <p>Each record becomes a row {@code _dt, _run, _page, _position, _record, _page_problem}
 * (dt as text): a CSV row as a JSON object of its header names, a JSON line as it is, an XML
 * record as its element's text. Problems never stop the other pages:
 * <ul>
 *   <li>a record that cannot be read (a CSV row with too few or too many fields, a line that
 *       is not JSON) is one row with its problem, next to the good rows of the page;
 *   <li>a page that breaks off (truncated gzip, bytes not valid in the encoding, XML that is
 *       not well-formed) keeps the records read before, plus one row with the problem;
 *   <li>a page over the limits of its archive settings (a zip bomb), or an XML page with a
 *       document type declaration (external entities, entity expansion), is rejected whole:
 *       one row with the problem and no record, having read at most the limit.
 * </ul>
 */
final class PageParser implements FlatMapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  /** dt, run id and page file from a page path {@code .../dt=D/run=R/PAGE}. */
  private static final Pattern PAGE_PATH = Pattern.compile("^.*/dt=([^/]+)/run=([^/]+)/(.+)$");
  static final StructType SCHEMA = new StructType()
      .add(TransformColumns.DT, DataTypes.StringType)
      .add(TransformColumns.RUN, DataTypes.StringType)
      .add(TransformColumns.PAGE, DataTypes.StringType)
      .add(TransformColumns.POSITION, DataTypes.IntegerType)
      .add(TransformColumns.RECORD, DataTypes.StringType)
      .add(TransformColumns.PAGE_PROBLEM, DataTypes.StringType);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final char REPLACEMENT = '\uFFFD';

  private final PageFormat format;

  PageParser(PageFormat format) {
    this.format = format;
  }

  @Override
  public Iterator<Row> call(Row file) {
    String path = file.getString(file.fieldIndex("path"));
    byte[] content = (byte[]) file.get(file.fieldIndex("content"));
    Matcher matcher = PAGE_PATH.matcher(path);
    if (!matcher.matches()) {
      throw new IllegalStateException("Not a raw page path: " + path);
    }
    Records records = new Records(matcher.group(1), matcher.group(2), matcher.group(3),
        format.encoding());
    try {
      parsePage(records.page, content, records);
    } catch (IOException | XMLStreamException | RuntimeException e) {
      PageRejected rejected = rejection(e);
      if (rejected != null) {
        records.reject(rejected.getMessage());
      } else {
        records.problem(null, "page breaks off after " + records.count() + " records: "
            + message(e));
      }
    }
    return records.rows.iterator();
  }

  private void parsePage(String page, byte[] content, Records records)
      throws IOException, XMLStreamException {
    String name = page.toLowerCase(java.util.Locale.ROOT);
    Limits limits = new Limits(content.length);
    if (name.endsWith(".zip")) {
      try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
        ZipEntry entry;
        int entries = 0;
        while ((entry = zip.getNextEntry()) != null) {
          if (!entry.isDirectory() && !entry.getName().startsWith("__MACOSX/")) {
            entries++;
            parseDocument(limits.wrap(zip), records, "entry " + entry.getName() + ": ");
          }
        }
        if (entries == 0) {
          records.problem(null, "page is not a zip archive with a file in it");
        }
      }
    } else if (name.endsWith(".gz")) {
      try (InputStream in = limits.wrap(new GZIPInputStream(new ByteArrayInputStream(content)))) {
        parseDocument(in, records, "");
      }
    } else {
      parseDocument(new ByteArrayInputStream(content), records, "");
    }
  }

  /** Reads one document (a page, or an entry of a zipped page); never closes {@code in}. */
  private void parseDocument(InputStream source, Records records, String where)
      throws IOException, XMLStreamException {
    PushbackInputStream in = new PushbackInputStream(source, 1);
    int first = in.read();
    if (first < 0) {
      // an API that has no rows still sends a header or an envelope: empty is a broken page
      records.problem(null, where + "page is empty");
      return;
    }
    in.unread(first);
    switch (format.format()) {
      case CSV -> parseCsv(in, records, where);
      case JSON_LINES -> parseJsonLines(in, records, where);
      case XML -> parseXml(in, records);
      case JSON -> parseJson(in, records, where);
    }
  }

  private Reader decoding(InputStream in) {
    // bytes not valid in the encoding become U+FFFD, and the records holding it are
    // quarantined (Records#record): the other records of the page are still good
    return new InputStreamReader(in, Charset.forName(format.encoding()).newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE));
  }

  private void parseCsv(InputStream in, Records records, String where) throws IOException {
    BufferedReader reader = new BufferedReader(decoding(in));
    for (int i = 0; i < format.skipLines(); i++) {
      if (reader.readLine() == null) {
        return;
      }
    }
    CsvParserSettings settings = new CsvParserSettings();
    settings.getFormat().setDelimiter(format.csvDelimiter());
    settings.getFormat().setQuote(format.csvQuote());
    settings.getFormat().setQuoteEscape(format.csvEscape());
    settings.getFormat().setLineSeparator("\n");
    settings.setLineSeparatorDetectionEnabled(true);
    settings.setSkipEmptyLines(true);
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    settings.setMaxColumns(16_384);
    settings.setMaxCharsPerColumn(1 << 20);
    settings.setErrorContentLength(0); // no record content in exceptions (personal data)
    CsvParser parser = new CsvParser(settings);
    parser.beginParsing(reader);
    List<String[]> rows = new ArrayList<>();
    String[] row;
    String[] header = null;
    try {
      while ((row = parser.parseNext()) != null) {
        if (header == null && format.csvHeader()) {
          header = row;
          if (header.length > 0 && header[0] != null && header[0].startsWith("\uFEFF")) {
            header[0] = header[0].substring(1); // a byte-order mark is not part of the name
          }
          continue;
        }
        rows.add(row);
      }
    } catch (RuntimeException e) {
      // the rows before the break are good; a footer was not reached, so none is skipped
      addCsvRows(rows, header, records, where);
      throw e;
    } finally {
      parser.stopParsing();
    }
    int keep = Math.max(0, rows.size() - format.skipFooterLines());
    addCsvRows(rows.subList(0, keep), header, records, where);
  }

  private void addCsvRows(List<String[]> rows, String[] header, Records records, String where)
      throws JsonProcessingException {
    for (String[] row : rows) {
      if (header != null && row.length != header.length) {
        records.problem(JSON.writeValueAsString(row), where + "row has " + row.length
            + " fields but the header has " + header.length);
        continue;
      }
      ObjectNode record = JSON.createObjectNode();
      for (int i = 0; i < row.length; i++) {
        record.put(header == null ? "_c" + i : header[i], row[i]);
      }
      records.record(JSON.writeValueAsString(record));
    }
  }

  private void parseJsonLines(InputStream in, Records records, String where)
      throws IOException {
    BufferedReader reader = new BufferedReader(decoding(in));
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        if (node.isObject()) {
          records.record(line);
        } else {
          records.problem(line, where + ColumnTyping.NOT_AN_OBJECT);
        }
      } catch (JsonProcessingException e) {
        records.problem(line, where + "line is not JSON: " + e.getOriginalMessage());
      }
    }
  }

  private void parseJson(InputStream in, Records records, String where) throws IOException {
    JsonNode page;
    try {
      page = JSON.readTree(decoding(in));
    } catch (JsonProcessingException e) {
      records.problem(null, where + "page is not JSON with an array of records at \""
          + format.recordsPointer() + "\"");
      return;
    }
    JsonNode array = page == null ? null : page.at(format.recordsPointer());
    if (array == null || !array.isArray()) {
      records.problem(null, where + "page has no array of records at \""
          + format.recordsPointer() + "\"");
      return;
    }
    for (JsonNode element : array) {
      records.record(element.isNull() ? null : element.isTextual() ? element.textValue()
          : element.toString());
    }
  }

  private void parseXml(InputStream in, Records records) throws XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setXMLResolver((publicId, systemId, base, namespace) -> {
      throw new XMLStreamException("external entities are never resolved: " + systemId);
    });
    XMLOutputFactory output = XMLOutputFactory.newFactory();
    XMLEventReader reader = factory.createXMLEventReader(in);
    try {
      while (reader.hasNext()) {
        XMLEvent event = reader.nextEvent();
        if (event.getEventType() == XMLEvent.DTD) {
          throw new PageRejected("XML document type declarations are not allowed"
              + " (entities are never expanded or resolved)");
        }
        if (event.isStartElement() && event.asStartElement().getName().getLocalPart()
            .equals(format.xmlRowTag())) {
          StringWriter text = new StringWriter();
          XMLEventWriter writer = output.createXMLEventWriter(text);
          writer.add(event);
          int depth = 1;
          while (depth > 0) {
            XMLEvent inner = reader.nextEvent();
            if (inner.isEntityReference()) {
              throw new PageRejected("XML entity references are not allowed: &"
                  + ((javax.xml.stream.events.EntityReference) inner).getName() + ";");
            }
            depth += inner.isStartElement() ? 1 : inner.isEndElement() ? -1 : 0;
            writer.add(inner);
          }
          writer.close();
          records.record(text.toString());
        } else if (event.isEntityReference()) {
          throw new PageRejected("XML entity references are not allowed: &"
              + ((javax.xml.stream.events.EntityReference) event).getName() + ";");
        }
      }
    } finally {
      reader.close();
    }
  }

  /** The rejection a parser may have wrapped into its own exception, or null. */
  private static PageRejected rejection(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PageRejected rejected) {
        return rejected;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static String message(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  /** The rows of one page, numbered in order. */
  private static final class Records {
    final String dt;
    final String run;
    final String page;
    final String encoding;
    final List<Row> rows = new ArrayList<>();
    int position;

    Records(String dt, String run, String page, String encoding) {
      this.dt = dt;
      this.run = run;
      this.page = page;
      this.encoding = encoding;
    }

    void record(String record) {
      rows.add(RowFactory.create(dt, run, page, position++, record,
          record != null && record.indexOf(REPLACEMENT) >= 0
              ? "record has bytes that are not valid " + encoding : null));
    }

    /** A record that cannot be read: quarantined with its text, counted as a record. */
    void problem(String record, String problem) {
      rows.add(RowFactory.create(dt, run, page, position++, record, problem));
    }

    /** A page refused whole: no record of it is kept, one row tells why. */
    void reject(String problem) {
      rows.clear();
      rows.add(RowFactory.create(dt, run, page, null, null, "page rejected: " + problem));
    }

    int count() {
      return position;
    }
  }

  /** A page refused whole, such as an archive over its limits. */
  private static final class PageRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PageRejected(String message) {
      super(message, null, false, false);
    }
  }

  /** Counts the bytes a page expands to, over all its entries, against the archive limits. */
  private final class Limits {
    private final long compressed;
    private long expanded;

    Limits(long compressed) {
      this.compressed = Math.max(1, compressed);
    }

    InputStream wrap(InputStream in) {
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
        public void close() {
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
      if (expanded > compressed * format.maxCompressionRatio() && expanded > 1 << 20) {
        throw new PageRejected("archive expands more than " + format.maxCompressionRatio()
            + " times its " + compressed + " bytes (archive.max_compression_ratio)");
      }
    }
  }
}
