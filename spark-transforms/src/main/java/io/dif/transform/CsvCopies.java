package io.dif.transform;

import static io.dif.transform.TransformColumns.DT_PARTITION;
import static org.apache.spark.sql.functions.col;

import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.Table;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The CSV copy of a curated table: plain files (header, UTF-8, timestamps with their offset) in
 * the dataset's {@code _csv/} folder, one {@code dt=} folder per date, written after the table's
 * commit. A date's folder is replaced whole; a date left without rows loses its folder, so an
 * erasure or a retention that changes the table changes its copy too.
 */
final class CsvCopies {
  /** The folder of the CSV copy, inside the dataset's folder. */
  static final String FOLDER = "_csv";

  private CsvCopies() {}

  /** Writes the copy of these dates, each of which has rows, from the table's current snapshot. */
  static void write(SparkSession spark, String sparkName, String datasetLocation,
      List<?> dates) {
    if (dates.isEmpty()) {
      return;
    }
    spark.read().table(sparkName).filter(col(DT_PARTITION).isin(dates.toArray()))
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .option("header", true)
        .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")
        .partitionBy(DT_PARTITION)
        .csv(datasetLocation + "/" + FOLDER);
  }

  /**
   * Brings the copy of these dates in line with the table after a change of them (an erasure, a
   * retention run), when the dataset has a copy: dates with rows are written again, the others
   * lose their folder.
   */
  static void refresh(SparkSession spark, String sparkName, Table table, List<?> dates) {
    Path folder = new Path(table.location() + "/" + FOLDER);
    if (dates.isEmpty() || !exists(spark, folder)) {
      return;
    }
    Set<String> withRows = new HashSet<>();
    spark.read().table(sparkName).filter(col(DT_PARTITION).isin(dates.toArray()))
        .select(col(DT_PARTITION)).distinct().collectAsList()
        .forEach(row -> withRows.add(row.get(0).toString()));
    List<Object> written = new ArrayList<>();
    for (Object date : dates) {
      if (withRows.contains(date.toString())) {
        written.add(date);
      } else {
        delete(spark, new Path(folder, DT_PARTITION + "=" + date));
      }
    }
    write(spark, sparkName, table.location(), written);
  }

  private static boolean exists(SparkSession spark, Path folder) {
    try {
      return folder.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(folder);
    } catch (IOException e) {
      throw cannot("read", folder, e);
    }
  }

  private static void delete(SparkSession spark, Path folder) {
    try {
      FileSystem files = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
      files.delete(folder, true);
    } catch (IOException e) {
      throw cannot("delete", folder, e);
    }
  }

  private static DataException cannot(String what, Path folder, IOException e) {
    return new DataException(ErrorCode.TRANSFORM_FAILED, "Cannot " + what + " the CSV copy "
        + folder + ": " + e.getMessage(), e);
  }
}
