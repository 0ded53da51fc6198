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
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the pages of committed JSON runs into one row per record: {@code _dt, _run, _page,
 * _page_index, _position, _record, _page_problem, _fields, _parsed, _sampled_fields}
 * ({@link TransformColumns}).
 *
 * <p>Each page is read whole ({@code wholetext}) and parsed once with {@code from_json}
 * against the page schema whose records are structs of the source fields (the fast path, as
 * plain Spark would read it); the record text is then not kept, and is read again only for
 * pages that have quarantined rows ({@code textOnly}). A page the fast path cannot read (a
 * record that is not an object, a field of another shape than the config says) is parsed as
 * before: the records array as {@code array<string>}, each record's text kept and parsed on
 * its own. A page that cannot be read at all, or has no records array, becomes one row with
 * {@code _page_problem} set and its whole text as the record, so it reaches quarantine.
 */
final class JsonPageReader {
  /** dt, run id and page file from a page path {@code .../dt=D/run=R/PAGE}. */
  private static final String PAGE_PATH = "^.*/dt=([^/]+)/run=([^/]+)/(.+)$";
  private static final String PAGE_TEXT = "_page_text";
  private static final String FAST_RECORDS = "_fast_records";
  private static final String TEXT_RECORDS = "_text_records";
  private static final String FAST_ELEMENT = "_fast_element";
  private static final String TEXT_ELEMENT = "_text_element";
  private static final String TEXT_POSITION = "_text_position";

  private final SparkSession spark;
  private final RecordSchemas schemas;
  private final StructType recordSchema;
  private final String subject;

  JsonPageReader(SparkSession spark, RecordSchemas schemas, StructType recordSchema,
      String subject) {
    this.spark = spark;
    this.schemas = schemas;
    this.recordSchema = recordSchema;
    this.subject = subject;
  }

  /**
   * The records of the pages at {@code paths} (at least one).
   *
   * @param pageIndex {@code _dt, _run, _page, _page_index} of every page (small: broadcast)
   * @param textOnly keep every record's text (for quarantine) instead of the fast path
   */
  Dataset<Row> read(String[] paths, String recordsPointer, Dataset<Row> pageIndex,
      boolean textOnly) {
    Dataset<Row> pages = readText(paths);

    Column text = RecordSchemas.wrapsPage(recordsPointer)
        ? concat(lit("{\"" + RecordSchemas.ROOT_RECORDS + "\":"), col(PAGE_TEXT), lit("}"))
        : col(PAGE_TEXT);
    Map<String, String> permissive = Map.of("mode", "PERMISSIVE",
        "columnNameOfCorruptRecord", RecordSchemas.CORRUPT_RECORD);
    Column filePath = col("_metadata.file_path");
    Dataset<Row> located = pages.select(
        regexp_extract(filePath, PAGE_PATH, 1).cast(DataTypes.DateType).as(DT),
        regexp_extract(filePath, PAGE_PATH, 2).as(RUN),
        regexp_extract(filePath, PAGE_PATH, 3).as(PAGE),
        col("value").as(PAGE_TEXT))
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
    Column pageProblem = when(textPage.isNull().or(textPage.getField(RecordSchemas.CORRUPT_RECORD)
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
        when(not(fastOk), col(PAGE_TEXT)).as(PAGE_TEXT),
        sample.apply(substring(col(PAGE_TEXT).cast(DataTypes.BinaryType), 1,
            FirstRecordFields.PREFIX_CHARS))
            .as(SAMPLED_FIELDS));

    // fast pages: one row per record, then one pass of the second generator (one null);
    // other pages: one row, then one per record text (or one for the page problem)
    Dataset<Row> exploded = parsed
        .select(col(DT), col(RUN), col(PAGE), col(PAGE_INDEX), col(PARSED), col(TEXT_RECORDS),
            col(PAGE_PROBLEM), col(PAGE_TEXT), col(SAMPLED_FIELDS),
            posexplode(col(FAST_RECORDS)).as(new String[] {POSITION, FAST_ELEMENT}))
        .select(col(DT), col(RUN), col(PAGE), col(PAGE_INDEX), col(PARSED), col(POSITION),
            col(FAST_ELEMENT), col(PAGE_PROBLEM), col(PAGE_TEXT), col(SAMPLED_FIELDS),
            posexplode(when(col(PARSED), array(lit(null).cast(DataTypes.StringType)))
                .otherwise(col(TEXT_RECORDS))).as(new String[] {TEXT_POSITION, TEXT_ELEMENT}));

    Column position = when(col(PARSED), col(POSITION))
        .when(col(PAGE_PROBLEM).isNull(), col(TEXT_POSITION));
    return exploded.select(col(DT), col(RUN), col(PAGE), col(PAGE_INDEX), position.as(POSITION),
        when(col(PARSED), lit(null).cast(DataTypes.StringType))
            .when(col(PAGE_PROBLEM).isNull(), col(TEXT_ELEMENT))
            .otherwise(col(PAGE_TEXT)).as(RECORD),
        col(PAGE_PROBLEM),
        when(col(PARSED), col(FAST_ELEMENT)).as(FIELDS),
        col(PARSED),
        when(position.equalTo(0), col(SAMPLED_FIELDS)).as(SAMPLED_FIELDS));
  }

  private Dataset<Row> readText(String[] paths) {
    try {
      return spark.read().option("wholetext", true).text(paths);
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        // a page the manifest lists is gone: the raw zone contradicts its own commit record
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset " + subject
            + ": cannot read the pages a manifest lists: " + e.getMessage(), e);
      }
      throw e;
    }
  }
}
