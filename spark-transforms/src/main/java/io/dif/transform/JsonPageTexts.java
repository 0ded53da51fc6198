package io.dif.transform;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Reads whole JSON pages (plain or gzipped) for Spark's JSON parser, on the executors, as
 * Spark's {@code wholetext} source would, plus what it cannot do: a gzipped page expands
 * within {@code archive.max_uncompressed_bytes} and {@code archive.max_compression_ratio},
 * counted while it is read (a gzip bomb is refused having expanded at most its limit); a
 * byte-order mark (UTF-8, UTF-16, UTF-32) or a declared encoding is honoured (the text is
 * handed on as UTF-8); a page holding numbers a double would alter has its numbers turned
 * into strings ({@link ExactNumbers}). A page that cannot be read gives one row with its
 * problem and no text.
 */
final class JsonPageTexts implements FlatMapFunction<Tuple2<String, Long>, Row> {
  private static final long serialVersionUID = 1L;
  private static final Pattern PAGE_PATH = Pattern.compile("^.*/dt=([^/]+)/run=([^/]+)/(.+)$");
  static final StructType SCHEMA = new StructType()
      .add(TransformColumns.DT, DataTypes.StringType)
      .add(TransformColumns.RUN, DataTypes.StringType)
      .add(TransformColumns.PAGE, DataTypes.StringType)
      .add("value", DataTypes.BinaryType)
      .add("_read_problem", DataTypes.StringType);

  private final PageFormat format;
  private final SerializableConfiguration hadoop;

  JsonPageTexts(PageFormat format, SerializableConfiguration hadoop) {
    this.format = format;
    this.hadoop = hadoop;
  }

  /** @param page the page's path and its size as the manifest lists it (0 when unknown) */
  @Override
  public Iterator<Row> call(Tuple2<String, Long> page) throws IOException {
    String path = page._1();
    Matcher matcher = PAGE_PATH.matcher(path);
    if (!matcher.matches()) {
      throw new IllegalStateException("Not a raw page path: " + path);
    }
    String dt = matcher.group(1);
    String run = matcher.group(2);
    String file = matcher.group(3);
    Path location = new Path(path);
    FileSystem fs = location.getFileSystem(hadoop.value());
    long stored = fs.getFileStatus(location).getLen();
    boolean gzipped = file.toLowerCase(Locale.ROOT).endsWith(".gz");
    byte[] text;
    try (InputStream raw = fs.open(location)) {
      InputStream in = gzipped
          ? new ArchiveLimits(format, stored).counting()
              .wrap(new GZIPInputStream(raw, 65_536), true)
          : raw;
      long hint = page._2() != null && page._2() > 0 ? page._2() : gzipped ? stored * 4 : stored;
      text = readAll(in, (int) Math.min(Math.max(hint + 1, 1024), Integer.MAX_VALUE - 16));
    } catch (IOException | RuntimeException e) {
      String refused = ArchiveLimits.refusal(e);
      String problem = refused != null ? "page rejected: " + refused
          : "page breaks off after 0 records: " + RecordProblems.describe(e);
      return List.of(RowFactory.create(dt, run, file, null, problem)).iterator();
    }
    return List.of(RowFactory.create(dt, run, file, text, null)).iterator();
  }

  private byte[] readAll(InputStream in, int size) throws IOException {
    byte[] buffer = new byte[size];
    int length = 0;
    int n;
    while ((n = in.read(buffer, length, buffer.length - length)) >= 0) {
      length += n;
      if (length == buffer.length) {
        if (buffer.length >= Integer.MAX_VALUE - 16) {
          throw new IOException("page is larger than 2 GiB");
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2,
            Integer.MAX_VALUE - 16));
      }
    }
    byte[] utf8 = TextDecoding.utf8(buffer, length, format.encoding());
    int utf8Length = utf8 == buffer ? length : utf8.length;
    if (ExactNumbers.needsCopy(utf8, utf8Length)) {
      return ExactNumbers.copy(utf8, utf8Length);
    }
    return utf8.length == utf8Length ? utf8 : Arrays.copyOf(utf8, utf8Length);
  }
}
