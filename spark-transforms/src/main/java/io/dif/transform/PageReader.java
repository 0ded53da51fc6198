package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.PAGE;
import static io.dif.transform.TransformColumns.PAGE_PROBLEM;
import static io.dif.transform.TransformColumns.POSITION;
import static io.dif.transform.TransformColumns.RECORD;
import static io.dif.transform.TransformColumns.RUN;
import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads pages that Spark's text-based sources cannot split into records by themselves (CSV
 * with header and footer lines, JSON Lines, XML, zip archives): one task per page, which opens
 * the page file (Hadoop FileSystem: local or {@code s3a://}) and streams it through
 * {@link PageParser} into rows {@code _dt, _run, _page, _position, _record, _page_problem},
 * like {@link JsonPageReader}.
 */
final class PageReader {
  private final SparkSession spark;
  private final PageFormat format;

  PageReader(SparkSession spark, PageFormat format) {
    this.spark = spark;
    this.format = format;
  }

  Dataset<Row> read(String[] paths) {
    SerializableConfiguration hadoop =
        new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
    return spark.createDataset(JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(List.of(paths), paths.length).rdd(), Encoders.STRING())
        .flatMap(new PageParser(format, hadoop), Encoders.row(PageParser.SCHEMA))
        .select(col(DT).cast(DataTypes.DateType).as(DT), col(RUN), col(PAGE), col(POSITION),
            col(RECORD), col(PAGE_PROBLEM));
  }
}
