package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.FIELDS;
import static io.dif.transform.TransformColumns.PAGE;
import static io.dif.transform.TransformColumns.PAGE_INDEX;
import static io.dif.transform.TransformColumns.PAGE_PROBLEM;
import static io.dif.transform.TransformColumns.PARSED;
import static io.dif.transform.TransformColumns.POSITION;
import static io.dif.transform.TransformColumns.RECORD;
import static io.dif.transform.TransformColumns.RUN;
import static io.dif.transform.TransformColumns.SAMPLED_FIELDS;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.posexplode_outer;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Reads the pages of committed JSON runs into one row per record: {@code _dt, _run, _page,
 * _page_index, _position, _record, _page_problem, _fields, _parsed, _sampled_fields}
 * ({@link TransformColumns}).
 *
 * <p>Each page is read whole ({@link JsonPageTexts}: archive limits, byte-order marks and
 * encodings, exact numbers) and parsed once with {@code from_json}
 * against the page schema whose records are structs of the source fields (the fast path, as
 * plain Spark would read it); the record text is then not kept, and is read again only for
 * pages that have quarantined rows ({@code textOnly}). A page the fast path cannot read (a
 * record that is not an object, a field of another shape than the config says) is parsed as
 * before: the records array as {@code array<string>}, each record's text kept and parsed on
 * its own. A page that cannot be read at all, or has no records array, becomes one row with
 * {@code _page_problem} set and no record text, so it reaches quarantine.
 */
final class JsonPageReader {
  private static final String PAGE_TEXT = "_page_text";
  private static final String FAST_RECORDS = "_fast_records";
  private static final String TEXT_RECORDS = "_text_records";
  private static final String FAST_ELEMENT = "_fast_element";
  private static final String TEXT_ELEMENT = "_text_element";
  private static final String TEXT_POSITION = "_text_position";

  private static final String READ_PROBLEM = "_read_problem";
  /** Page bytes (as landed, uncompressed) read by one task, as Spark's 128 MiB splits. */
  private static final long PAGES_BYTES_PER_TASK = 128L << 20;
  /** Built once: Spark builds a tuple encoder by Scala reflection, a few ms per call. */
  private static final Encoder<Tuple2<String, Long>> PATH_AND_BYTES =
      Encoders.tuple(Encoders.STRING(), Encoders.LONG());
  private static final Encoder<Row> PAGE_TEXTS = Encoders.row(JsonPageTexts.SCHEMA);

  private final SparkSession spark;
  private final RecordSchemas schemas;
  private final StructType recordSchema;
  private final PageFormat format;

  JsonPageReader(SparkSession spark, RecordSchemas schemas, StructType recordSchema,
      PageFormat format) {
    this.spark = spark;
    this.schemas = schemas;
    this.recordSchema = recordSchema;
    this.format = format;
  }

  /**
   * The records of the pages at {@code paths} (at least one), each with its size as its
   * manifest lists it.
   *
   * @param pageIndex {@code _dt, _run, _page, _page_index} of every page (small: broadcast)
   * @param textOnly keep every record's text (for quarantine) instead of the fast path
   */
  Dataset<Row> read(List<Tuple2<String, Long>> paths, String recordsPointer,
      Dataset<Row> pageIndex, boolean textOnly) {
    Dataset<Row> pages = readText(paths);

    Column text = RecordSchemas.wrapsPage(recordsPointer)
        ? concat(lit("{\"" + RecordSchemas.ROOT_RECORDS + "\":"), col(PAGE_TEXT), lit("}"))
        : col(PAGE_TEXT);
    Map<String, String> permissive = Map.of("mode", "PERMISSIVE",
        "columnNameOfCorruptRecord", RecordSchemas.CORRUPT_RECORD);
    Dataset<Row> located = pages.select(col(DT).cast(DataTypes.DateType).as(DT), col(RUN),
        col(PAGE), col("value").cast(DataTypes.StringType).as(PAGE_TEXT), col(READ_PROBLEM))
        .join(broadcast(pageIndex), scala.collection.JavaConverters
            .asScalaBuffer(List.of(DT, RUN, PAGE)).toSeq());

    Column fastPage = from_json(text, schemas.pageSchema(recordsPointer, recordSchema),
        permissive);
    Column fastRecords = schemas.recordsArray(fastPage, recordsPointer);
    Column fastOk = textOnly ? lit(false)
        : fastPage.isNotNull().and(fastPage.getField(RecordSchemas.CORRUPT_RECORD).isNull())
            .and(fastRecords.isNotNull());

    Column textPage = from_json(text, schemas.pageSchema(recordsPointer), permissive);
    Column textRecords = schemas.recordsArray(textPage, recordsPointer);
    String at = " at \"" + recordsPointer + "\"";
    Column pageProblem = when(col(READ_PROBLEM).isNotNull(), col(READ_PROBLEM))
        .when(textPage.isNull().or(textPage.getField(RecordSchemas.CORRUPT_RECORD)
            .isNotNull()), lit("page is not JSON with an array of records" + at))
        .when(textRecords.isNull(), lit("page has no array of records" + at));
    List<String> path = RecordSchemas.wrapsPage(recordsPointer) ? List.of()
        : schemas.recordsPath(recordsPointer);
    // the page's first bytes: a substring of the text would count the characters of the
    // whole page (about 1 MB) to find where 64 KiB of them end
    UserDefinedFunction sample = udf((UDF1<byte[], String>) prefix ->
        FirstRecordFields.of(prefix, path), DataTypes.StringType);

    // both arrays are computed per page, each only when needed (CASE WHEN is lazy)
    Dataset<Row> parsed = located.select(col(DT), col(RUN), col(PAGE), col(PAGE_INDEX),
        fastOk.as(PARSED),
        when(fastOk, fastRecords)
            .otherwise(array(lit(null).cast(recordSchema))).as(FAST_RECORDS),
        when(not(fastOk), when(pageProblem.isNull(), textRecords)
            .otherwise(array(lit(null).cast(DataTypes.StringType)))).as(TEXT_RECORDS),
        when(not(fastOk), pageProblem).as(PAGE_PROBLEM),
        sample.apply(substring(col(PAGE_TEXT).cast(DataTypes.BinaryType), 1,
            FirstRecordFields.PREFIX_CHARS))
            .as(SAMPLED_FIELDS));

    // fast pages: one row per record, then one pass of the second generator (one null);
    // other pages: one row, then one per record text (or one for the page problem). The first
    // generator is an outer one: over a column, a plain one makes Spark infer the filter
    // "size(_fast_records) > 0" and push it below the projection, where it parses every page a
    // second time; the row an outer one gives a fast page without records is dropped instead
    Dataset<Row> exploded = parsed
        .select(col(DT), col(RUN), col(PAGE), col(PAGE_INDEX), col(PARSED), col(TEXT_RECORDS),
            col(PAGE_PROBLEM), col(SAMPLED_FIELDS),
            posexplode_outer(col(FAST_RECORDS)).as(new String[] {POSITION, FAST_ELEMENT}))
        .filter(not(col(PARSED)).or(col(POSITION).isNotNull()))
        .select(col(DT), col(RUN), col(PAGE), col(PAGE_INDEX), col(PARSED), col(POSITION),
            col(FAST_ELEMENT), col(PAGE_PROBLEM), col(SAMPLED_FIELDS),
            posexplode(when(col(PARSED), array(lit(null).cast(DataTypes.StringType)))
                .otherwise(col(TEXT_RECORDS))).as(new String[] {TEXT_POSITION, TEXT_ELEMENT}));

    Column position = when(col(PARSED), col(POSITION))
        .when(col(PAGE_PROBLEM).isNull(), col(TEXT_POSITION));
    return exploded.select(col(DT), col(RUN), col(PAGE), col(PAGE_INDEX), position.as(POSITION),
        when(col(PARSED), lit(null).cast(DataTypes.StringType))
            .when(col(PAGE_PROBLEM).isNull(), col(TEXT_ELEMENT)).as(RECORD),
        col(PAGE_PROBLEM),
        when(col(PARSED), col(FAST_ELEMENT)).as(FIELDS),
        col(PARSED),
        when(position.equalTo(0), col(SAMPLED_FIELDS)).as(SAMPLED_FIELDS));
  }

  /** The pages' texts, one task per few pages (as Spark's text source packs small files). */
  private Dataset<Row> readText(List<Tuple2<String, Long>> paths) {
    long bytes = paths.stream().mapToLong(page -> page._2() == null ? 0 : page._2()).sum();
    int slices = (int) Math.min(paths.size(), Math.max(
        spark.sparkContext().defaultParallelism(), bytes / PAGES_BYTES_PER_TASK + 1));
    SerializableConfiguration hadoop =
        new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
    return spark.createDataset(JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(paths, slices).rdd(), PATH_AND_BYTES)
        .flatMap(new JsonPageTexts(format, hadoop), PAGE_TEXTS);
  }
}
