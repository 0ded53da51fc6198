package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.PAGE;
import static io.dif.transform.TransformColumns.PAGE_PROBLEM;
import static io.dif.transform.TransformColumns.POSITION;
import static io.dif.transform.TransformColumns.RECORD;
import static io.dif.transform.TransformColumns.RUN;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.when;

import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads the pages of committed JSON runs into one row per record: {@code _dt, _run, _page,
 * _position, _record, _page_problem} ({@link TransformColumns}); {@code _record} is the
 * record's JSON text.
 *
 * <p>Each page is read whole ({@code wholetext}) and parsed with {@code from_json} against the
 * page schema, rather than with the JSON data source: the page text stays at hand for pages that
 * cannot be read (they are quarantined whole, with the reason), and a page that is itself the
 * array of records (pointer "") is handled by wrapping its text. A page that cannot be read, or
 * has no records array, becomes one row with {@code _page_problem} set, so it reaches
 * quarantine instead of vanishing.
 */
final class JsonPageReader {
  /** dt, run id and page file from a page path {@code .../dt=D/run=R/PAGE}. */
  private static final String PAGE_PATH = "^.*/dt=([^/]+)/run=([^/]+)/(.+)$";
  private static final String PAGE_TEXT = "_page_text";
  private static final String PARSED_PAGE = "_parsed_page";
  private static final String ELEMENT = "_element";

  private final SparkSession spark;
  private final RecordSchemas schemas;
  private final String subject;

  JsonPageReader(SparkSession spark, RecordSchemas schemas, String subject) {
    this.spark = spark;
    this.schemas = schemas;
    this.subject = subject;
  }

  /** The records of the pages at {@code paths} (at least one). */
  Dataset<Row> read(String[] paths, String recordsPointer) {
    Dataset<Row> pages = readText(paths);

    Column text = RecordSchemas.wrapsPage(recordsPointer)
        ? concat(lit("{\"" + RecordSchemas.ROOT_RECORDS + "\":"), col("value"), lit("}"))
        : col("value");
    Column filePath = col("_metadata.file_path");
    Dataset<Row> parsed = pages.select(
        regexp_extract(filePath, PAGE_PATH, 1).cast(DataTypes.DateType).as(DT),
        regexp_extract(filePath, PAGE_PATH, 2).as(RUN),
        regexp_extract(filePath, PAGE_PATH, 3).as(PAGE),
        col("value").as(PAGE_TEXT),
        from_json(text, schemas.pageSchema(recordsPointer), Map.of(
            "mode", "PERMISSIVE",
            "columnNameOfCorruptRecord", RecordSchemas.CORRUPT_RECORD)).as(PARSED_PAGE));

    Column page = col(PARSED_PAGE);
    Column records = schemas.recordsArray(page, recordsPointer);
    String at = " at \"" + recordsPointer + "\"";
    Column pageProblem = when(page.isNull().or(page.getField(RecordSchemas.CORRUPT_RECORD)
            .isNotNull()), lit("page is not JSON with an array of records" + at))
        .when(records.isNull(), lit("page has no array of records" + at));
    // a page with a problem explodes into one row (an array of one null) to reach quarantine
    Column elements = when(pageProblem.isNotNull(),
        array(lit(null).cast(DataTypes.StringType))).otherwise(records);

    return parsed
        .select(col(DT), col(RUN), col(PAGE), col(PAGE_TEXT), pageProblem.as(PAGE_PROBLEM),
            posexplode(elements).as(new String[] {POSITION, ELEMENT}))
        .select(col(DT), col(RUN), col(PAGE),
            when(col(PAGE_PROBLEM).isNull(), col(POSITION)).as(POSITION),
            when(col(PAGE_PROBLEM).isNull(), col(ELEMENT)).otherwise(col(PAGE_TEXT)).as(RECORD),
            col(PAGE_PROBLEM));
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
