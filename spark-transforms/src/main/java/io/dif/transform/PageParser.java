package io.dif.transform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Splits one raw page into its records, on the executors, as a stream: CSV, JSON Lines, XML,
 * or JSON inside a zip; the page may be gzipped ({@code .gz}) or a zip archive ({@code .zip},
 * entries read one after the other). The page is read from its file as the rows are asked
 * for, so neither the page nor its records are ever held whole in memory.
 *
 * <p>Each record becomes a row {@code _dt, _run, _page, _position, _record, _page_problem}
 * (dt as text): a CSV row as a JSON object of its header names, a JSON line as it is (numbers
 * as strings: {@link ExactNumbers}), an XML record as its element's text. Problems never stop
 * the other pages, and never quote a record's text (it may hold personal data):
 * <ul>
 *   <li>a record that cannot be read (a CSV row with too few or too many fields, a line that
 *       is not JSON, an XML element that is not well-formed) is one row with its problem, next
 *       to the good rows of the page;
 *   <li>a page that breaks off (truncated gzip, XML cut inside an element) keeps the records
 *       read before, plus one row with the problem;
 *   <li>a compressed page over the limits of its archive settings (a zip or gzip bomb, too
 *       many entries) is refused whole: its bytes are first counted as they expand, without
 *       parsing, stopping at the limit; an XML page with a document type declarations is
 *       refused whole too.
 * </ul>
 */
final class PageParser implements FlatMapFunction<String, Row> {
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
  private static final JsonFactory JSON_FACTORY = new JsonFactory();
  private static final char REPLACEMENT = '\uFFFD';
  private static final Set<String> ARCHIVES = Set.of(".zip", ".gz", ".tgz", ".jar", ".7z",
      ".rar", ".bz2", ".xz", ".tar");

  private final PageFormat format;
  private final SerializableConfiguration hadoop;

  PageParser(PageFormat format, SerializableConfiguration hadoop) {
    this.format = format;
    this.hadoop = hadoop;
  }

  @Override
  public Iterator<Row> call(String path) throws IOException {
    Matcher matcher = PAGE_PATH.matcher(path);
    if (!matcher.matches()) {
      throw new IllegalStateException("Not a raw page path: " + path);
    }
    Records records = new Records(matcher.group(1), matcher.group(2), matcher.group(3));
    Path file = new Path(path);
    FileSystem fs = file.getFileSystem(hadoop.value());
    long stored = fs.getFileStatus(file).getLen();
    String name = records.page.toLowerCase(Locale.ROOT);
    if (name.endsWith(".zip") || name.endsWith(".gz")) {
      String refused;
      try (FSDataInputStream in = fs.open(file)) {
        refused = new ArchiveLimits(format, stored).refusal(in, name.endsWith(".zip"));
      }
      if (refused != null) {
        records.reject(refused);
        return records.drain();
      }
    }
    return new PageRows(records, fs.open(file), name, stored);
  }

  /** The rows of one page, parsed as they are asked for. */
  private final class PageRows implements Iterator<Row> {
    private final Records records;
    private final InputStream file;
    private final String name;
    private final long stored;
    private final ArchiveLimits.Counted counted;
    private final Break broken = new Break();
    private ZipInputStream zip;
    private Document document;
    private boolean done;

    PageRows(Records records, InputStream file, String name, long stored) {
      this.records = records;
      this.file = file;
      this.name = name;
      this.stored = stored;
      this.counted = new ArchiveLimits(format, stored).counting();
    }

    @Override
    public boolean hasNext() {
      // the last row is held back until the page ends: when the page breaks off, it is the
      // record at the break (perhaps cut short), which is quarantined, never curated
      while (records.size() < 2 && !done) {
        try {
          step();
        } catch (Exception e) {
          String refused = ArchiveLimits.refusal(e);
          if (refused != null) {
            records.reject(refused);
          } else {
            records.problem(null, "page breaks off after " + records.count() + " records: "
                + RecordProblems.describe(e));
          }
          finish();
        }
      }
      return !records.isEmpty();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return records.next();
    }

    private void step() throws Exception {
      if (document == null) {
        if (name.endsWith(".zip")) {
          if (zip == null) {
            zip = new ZipInputStream(file);
          }
          ZipEntry entry = zip.getNextEntry();
          while (entry != null && (entry.isDirectory()
              || entry.getName().startsWith("__MACOSX/"))) {
            entry = zip.getNextEntry();
          }
          if (entry == null) {
            if (records.count() == 0 && records.entries == 0) {
              records.problem(null, "page is not a zip archive with a file in it");
            }
            finish();
            return;
          }
          records.entries++;
          String where = "entry " + entry.getName() + ": ";
          if (isArchive(entry.getName())) {
            records.problem(null, where + "archives inside archives are not read");
            return;
          }
          document = open(broken.wrap(counted.wrap(zip, false)), where);
        } else if (name.endsWith(".gz")) {
          document = open(broken.wrap(counted.wrap(new GZIPInputStream(file, 65_536), true)),
              "");
        } else {
          document = open(file, "");
        }
        if (document == null) {
          if (zip == null) {
            finish();
          }
          return;
        }
      }
      if (!document.step()) {
        document = null;
        if (zip == null || broken.cause != null) {
          finish();
        }
      }
    }

    /** The parser of one document (a page, or an entry of a zip); null when it is empty. */
    private Document open(InputStream in, String where) throws IOException {
      TextDecoding.Decoded decoded = TextDecoding.open(in, format.encoding(),
          format.format() == io.dif.core.config.DataFormat.XML);
      int first = decoded.in().read();
      if (first < 0) {
        // an API that has no rows still sends a header or an envelope: empty is a broken page
        records.problem(null, where + "page is empty");
        return null;
      }
      ((java.io.PushbackInputStream) decoded.in()).unread(first);
      records.encoding = decoded.charset().name();
      Reader reader = decoded.reader();
      return switch (format.format()) {
        case CSV -> new CsvDocument(records, reader, where);
        case JSON_LINES -> new JsonLinesDocument(records, reader, where);
        case XML -> new XmlDocument(records, reader, where);
        case JSON -> new JsonDocument(records, reader, where);
      };
    }

    private void finish() {
      done = true;
      if (broken.cause != null) {
        records.breakOff(RecordProblems.describe(broken.cause));
      }
      if (document != null) {
        document.close();
        document = null;
      }
      try {
        file.close();
      } catch (IOException e) {
        // read to its end or given up: nothing to keep
      }
    }
  }

  /**
   * Where a compressed page breaks off (truncated or corrupt): the stream then ends there, so
   * the parser reads the records before it as a whole page (parsers read ahead, and an error
   * would lose what they had read), and the page's last record is quarantined with the break.
   */
  private static final class Break {
    IOException cause;

    InputStream wrap(InputStream in) {
      return new java.io.FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          if (cause != null) {
            return -1;
          }
          try {
            return super.read();
          } catch (IOException e) {
            cause = e;
            return -1;
          }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          if (cause != null) {
            return -1;
          }
          try {
            return super.read(buffer, offset, length);
          } catch (IOException e) {
            cause = e;
            return -1;
          }
        }

        @Override
        public int available() {
          return 0;
        }
      };
    }
  }

  private static boolean isArchive(String entry) {
    String lower = entry.toLowerCase(Locale.ROOT);
    return ARCHIVES.stream().anyMatch(lower::endsWith);
  }

  /** One document being parsed: each step adds rows, false when the document is done. */
  private interface Document {
    boolean step() throws Exception;

    default void close() {}
  }

  /**
   * CSV with univocity: header (found by line count or by content), data rows, footer (by line
   * count, kept back as the rows stream, or by content). A blank header name is {@code _c<i>}
   * (as Spark names it), a repeated one gets {@code _2}, {@code _3}.
   */
  private final class CsvDocument implements Document {
    private final Records records;
    private final String where;
    private final CsvParser parser;
    private final ArrayDeque<String[]> footer = new ArrayDeque<>();
    private final Pattern headerPattern;
    private final Pattern footerPattern;
    private String[] header;
    private boolean searching;

    CsvDocument(Records records, Reader reader, String where) throws IOException {
      this.records = records;
      this.where = where;
      BufferedReader lines = new BufferedReader(reader, 65_536);
      for (int i = 0; i < format.skipLines(); i++) {
        if (lines.readLine() == null) {
          break;
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
      settings.setReadInputOnSeparateThread(false); // problems arrive in order
      settings.setErrorContentLength(0); // no record content in exceptions (personal data)
      parser = new CsvParser(settings);
      parser.beginParsing(lines);
      headerPattern = format.csvHeaderPattern() == null ? null
          : Pattern.compile(format.csvHeaderPattern());
      footerPattern = format.csvFooterPattern() == null ? null
          : Pattern.compile(format.csvFooterPattern());
      searching = format.csvHeader();
    }

    @Override
    public boolean step() throws IOException {
      String[] row = parser.parseNext();
      if (row == null) {
        if (searching && (format.csvHeaderStartsWith() != null || headerPattern != null)) {
          records.problem(null, where + "page has no header row "
              + (headerPattern != null ? "matching " + headerPattern.pattern()
                  : "starting with \"" + format.csvHeaderStartsWith() + "\""));
        }
        return false;
      }
      if (searching) {
        if (isHeader(row)) {
          header = names(row);
          searching = false;
        }
        return true;
      }
      if (format.csvFooterStartsWith() != null && row.length > 0 && row[0] != null
          && row[0].trim().startsWith(format.csvFooterStartsWith())
          || footerPattern != null && footerPattern.matcher(joined(row)).find()) {
        return false;
      }
      footer.addLast(row);
      if (footer.size() > format.skipFooterLines()) {
        add(footer.removeFirst());
      }
      return true;
    }

    private boolean isHeader(String[] row) {
      if (format.csvHeaderStartsWith() != null) {
        return row.length > 0 && row[0] != null
            && row[0].trim().startsWith(format.csvHeaderStartsWith());
      }
      return headerPattern == null || headerPattern.matcher(joined(row)).find();
    }

    private String joined(String[] row) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          text.append(format.csvDelimiter());
        }
        text.append(row[i] == null ? "" : row[i]);
      }
      return text.toString();
    }

    private void add(String[] row) throws JsonProcessingException {
      if (header != null && row.length != header.length) {
        records.problem(null, where + "row has " + row.length + " fields but the header has "
            + header.length);
        return;
      }
      ObjectNode record = JSON.createObjectNode();
      for (int i = 0; i < row.length; i++) {
        record.put(header == null ? "_c" + i : header[i], row[i]);
      }
      records.record(JSON.writeValueAsString(record));
    }

    @Override
    public void close() {
      parser.stopParsing();
    }
  }

  /** Header names as Spark gives them: blank ones {@code _c<i>}, repeated ones numbered. */
  static String[] names(String[] header) {
    String[] names = new String[header.length];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < header.length; i++) {
      String name = header[i] == null ? "" : header[i];
      if (i == 0 && name.startsWith("\uFEFF")) {
        name = name.substring(1);
      }
      if (name.isBlank()) {
        name = "_c" + i;
      }
      String unique = name;
      for (int n = 2; !seen.add(unique); n++) {
        unique = name + "_" + n;
      }
      names[i] = unique;
    }
    return names;
  }

  /** JSON Lines: each line one record, its numbers kept exact. */
  private final class JsonLinesDocument implements Document {
    private final Records records;
    private final BufferedReader lines;
    private final String where;

    JsonLinesDocument(Records records, Reader reader, String where) {
      this.records = records;
      this.lines = new BufferedReader(reader, 65_536);
      this.where = where;
    }

    @Override
    public boolean step() throws IOException {
      String text = lines.readLine();
      if (text == null) {
        return false;
      }
      if (text.isBlank()) {
        return true;
      }
      String exact;
      try {
        exact = ExactNumbers.copy(text);
      } catch (JsonProcessingException e) {
        records.problem(null, where + "line is not JSON: "
            + RecordProblems.describe(e));
        return true;
      }
      if (exact.startsWith("{")) {
        records.record(exact);
      } else {
        records.problem(null, where + ColumnTyping.NOT_AN_OBJECT);
      }
      return true;
    }
  }

  /** A JSON document with its records at a pointer, read element by element. */
  private final class JsonDocument implements Document {
    private final Records records;
    private final JsonParser parser;
    private final String where;
    private boolean inArray;

    JsonDocument(Records records, Reader reader, String where) throws IOException {
      this.records = records;
      this.parser = JSON_FACTORY.createParser(reader);
      this.where = where;
    }

    @Override
    public boolean step() throws IOException {
      if (!inArray) {
        String at = " at \"" + format.recordsPointer() + "\"";
        try {
          if (!descend()) {
            records.problem(null, where + "page has no array of records" + at);
            return false;
          }
        } catch (JsonProcessingException e) {
          records.problem(null, where + "page is not JSON with an array of records" + at);
          return false;
        }
        inArray = true;
      }
      JsonToken token = parser.nextToken();
      if (token == JsonToken.END_ARRAY || token == null) {
        return false;
      }
      if (token == JsonToken.VALUE_NULL) {
        records.record(null);
      } else if (token == JsonToken.VALUE_STRING) {
        records.record(parser.getText());
      } else {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JSON_FACTORY.createGenerator(text)) {
          ExactNumbers.copyValue(parser, generator);
        }
        records.record(text.toString());
      }
      return true;
    }

    /** Moves the parser to the start of the records array; false when there is none. */
    private boolean descend() throws IOException {
      String pointer = format.recordsPointer();
      JsonToken token = parser.nextToken();
      if (!pointer.isEmpty()) {
        for (String segment : pointer.substring(1).split("/", -1)) {
          String name = segment.replace("~1", "/").replace("~0", "~");
          if (token != JsonToken.START_OBJECT) {
            return false;
          }
          boolean found = false;
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            boolean match = parser.currentName().equals(name);
            token = parser.nextToken();
            if (match) {
              found = true;
              break;
            }
            parser.skipChildren();
          }
          if (!found) {
            return false;
          }
        }
      }
      return token == JsonToken.START_ARRAY;
    }

    @Override
    public void close() {
      try {
        parser.close();
      } catch (IOException e) {
        // nothing more is read
      }
    }
  }

  /**
   * XML: the text of each record element is cut from the stream (as spark-xml does) and
   * checked on its own, so a malformed element is one quarantined record and the next ones
   * are still read. A document type declaration refuses the page: entities are never
   * expanded or resolved.
   */
  private final class XmlDocument implements Document {
    private final Records records;
    private final XmlRecordScanner scanner;
    private final String where;

    XmlDocument(Records records, Reader reader, String where) {
      this.records = records;
      this.scanner = new XmlRecordScanner(reader, format.xmlRowTag());
      this.where = where;
    }

    @Override
    public boolean step() throws IOException {
      String record;
      try {
        record = scanner.next();
      } catch (XmlRecordScanner.DocumentTypeException e) {
        throw new ArchiveLimits.PageRejected("XML document type declarations are not allowed"
            + " (entities are never expanded or resolved)");
      }
      if (record == null) {
        return false;
      }
      String problem = XmlRecordScanner.wellFormedProblem(record);
      if (problem == null) {
        records.record(record);
      } else {
        records.problem(null, where + "record is not well-formed XML: " + problem);
      }
      return true;
    }
  }

  /** The rows of one page, numbered in order; handed out as they are made. */
  private static final class Records {
    final String dt;
    final String run;
    final String page;
    String encoding = "UTF-8";
    int entries;
    private final ArrayDeque<Row> rows = new ArrayDeque<>();
    private int position;

    Records(String dt, String run, String page) {
      this.dt = dt;
      this.run = run;
      this.page = page;
    }

    void record(String record) {
      rows.add(RowFactory.create(dt, run, page, position++, record,
          record != null && record.indexOf(REPLACEMENT) >= 0
              ? "record has bytes that are not valid " + encoding : null));
    }

    /** A record that cannot be read: quarantined without its text, counted as a record. */
    void problem(String record, String problem) {
      rows.add(RowFactory.create(dt, run, page, position++, record, problem));
    }

    /** A page refused whole: no record of it is kept, one row tells why. */
    void reject(String problem) {
      rows.clear();
      rows.add(RowFactory.create(dt, run, page, null, null, "page rejected: " + problem));
    }

    boolean isEmpty() {
      return rows.isEmpty();
    }

    int size() {
      return rows.size();
    }

    /**
     * The page broke off: its last row (the record at the break, perhaps cut short) becomes
     * the row of the problem; a row is added when the page had none.
     */
    void breakOff(String cause) {
      Row last = rows.pollLast();
      if (last == null || last.isNullAt(3)) {
        if (last != null) {
          rows.addLast(last);
        }
        rows.add(RowFactory.create(dt, run, page, position, null,
            "page breaks off after " + position + " records: " + cause));
        position++;
      } else {
        rows.addLast(RowFactory.create(dt, run, page, last.getInt(3), null,
            "page breaks off after " + last.getInt(3) + " records: " + cause));
      }
    }

    Row next() {
      return rows.removeFirst();
    }

    Iterator<Row> drain() {
      return List.copyOf(rows).iterator();
    }

    int count() {
      return position;
    }
  }

}
