package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.PAGE;
import static io.dif.transform.TransformColumns.PAGE_PROBLEM;
import static io.dif.transform.TransformColumns.POSITION;
import static io.dif.transform.TransformColumns.RECORD;
import static io.dif.transform.TransformColumns.RUN;
import static org.apache.spark.sql.functions.col;

import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads pages that Spark's text-based sources cannot split into records by themselves (CSV
 * with header and footer lines, JSON Lines, XML, zip archives): each page file whole, through
 * the {@code binaryFile} source, split by {@link PageParser} on the executors into rows
 * {@code _dt, _run, _page, _position, _record, _page_problem}, like {@link JsonPageReader}.
 */
final class PageReader {
  private final SparkSession spark;
  private final PageFormat format;
  private final String subject;

  PageReader(SparkSession spark, PageFormat format, String subject) {
    this.spark = spark;
    this.format = format;
    this.subject = subject;
  }

  Dataset<Row> read(String[] paths) {
    Dataset<Row> files;
    try {
      files = spark.read().format("binaryFile").load(paths);
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset " + subject
            + ": cannot read the pages a manifest lists: " + e.getMessage(), e);
      }
      throw e;
    }
    return files.select(col("path"), col("content"))
        .flatMap(new PageParser(format), Encoders.row(PageParser.SCHEMA))
        .select(col(DT).cast(DataTypes.DateType).as(DT), col(RUN), col(PAGE), col(POSITION),
            col(RECORD), col(PAGE_PROBLEM));
  }
}
