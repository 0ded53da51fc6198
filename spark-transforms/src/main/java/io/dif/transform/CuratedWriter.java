package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.DT_PARTITION;
import static org.apache.spark.sql.functions.col;

import io.dif.core.config.DatasetConfig;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes curated rows as Parquet partitioned by {@code dt}, columns in config order then
 * {@code dt}, into a staging folder ({@code curated/{client}/{dataset}/_staging/...}, which
 * Spark readers skip), and publishes the written dates: each {@code dt=} folder of the staging
 * folder replaces the curated one by renames, so a reader sees the previous partition or the
 * new one, never a half-written one, and a run that fails before publishing leaves the
 * previous data as it was. Dates the run does not write stay as they are. Rows are spread over
 * write tasks by a hash of date and key (about 500,000 rows per task: one file per date for
 * most runs), sorted by key within each file, so the same input writes the same files.
 *
 * <p>Folder renames are atomic on HDFS and local file systems; on S3 ({@code s3a://}) a rename
 * copies the files, so the swap of one partition is short but not atomic there.
 */
final class CuratedWriter {

  private CuratedWriter() {}

  /** Writes rows (already distributed by date and key, sorted by them) to staging. */
  static void write(Dataset<Row> curated, DatasetConfig dataset, String staging) {
    List<Column> columns = new ArrayList<>();
    dataset.columns().forEach(column -> columns.add(col(column.name())));
    columns.add(col(DT).as(DT_PARTITION));

    curated.select(columns.toArray(Column[]::new))
        // the order a partitioned write needs, by date alone: the rows come sorted by date and
        // key from the de-duplication (the planner then drops this sort), or, when Spark
        // cannot know it, a radix sort on the date (one stable pass) keeps their key order
        .sortWithinPartitions(col(DT_PARTITION))
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy(DT_PARTITION)
        .parquet(staging);
  }

  /** The folder of the CSV copy, inside the curated and the staging folders. */
  static final String CSV_FOLDER = "_csv";

  /**
   * Writes a CSV copy (header, UTF-8, timestamps with their offset) of the staged Parquet into
   * the staging folder's {@code _csv/}, partitioned by {@code dt} the same way.
   */
  static void writeCsvCopy(SparkSession spark, String staging) {
    spark.read().parquet(staging)
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", true)
        .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")
        .partitionBy(DT_PARTITION)
        .csv(staging + "/" + CSV_FOLDER);
  }

  /**
   * Moves every {@code dt=} folder of {@code staging} (and of its {@code _csv/}) over the same
   * folder of {@code location}, then deletes the staging folder.
   *
   * @return the dates published, in order
   */
  static List<LocalDate> publish(Configuration hadoop, String staging, String location)
      throws IOException {
    Path from = new Path(staging);
    Path to = new Path(location);
    FileSystem fs = from.getFileSystem(hadoop);
    List<LocalDate> published = new ArrayList<>();
    if (!fs.exists(from)) {
      return published;
    }
    Path replaced = new Path(to, "_replaced/" + UUID.randomUUID());
    Path csv = new Path(from, CSV_FOLDER);
    if (fs.exists(csv)) {
      swap(fs, csv, new Path(to, CSV_FOLDER), new Path(replaced, CSV_FOLDER));
    }
    published.addAll(swap(fs, from, to, replaced));
    fs.delete(replaced, true);
    if (fs.exists(replaced.getParent()) && fs.listStatus(replaced.getParent()).length == 0) {
      fs.delete(replaced.getParent(), false);
    }
    fs.delete(from, true);
    published.sort(null);
    return published;
  }

  /** Moves the dt= folders of one folder over those of another; the old ones to replaced. */
  private static List<LocalDate> swap(FileSystem fs, Path from, Path to, Path replaced)
      throws IOException {
    List<LocalDate> published = new ArrayList<>();
    fs.mkdirs(to);
    for (FileStatus partition : fs.listStatus(from)) {
      String name = partition.getPath().getName();
      if (!partition.isDirectory() || !name.startsWith(DT_PARTITION + "=")) {
        continue;
      }
      Path target = new Path(to, name);
      Path old = new Path(replaced, name);
      if (fs.exists(target)) {
        fs.mkdirs(replaced);
        rename(fs, target, old);
      }
      rename(fs, partition.getPath(), target);
      published.add(LocalDate.parse(name.substring(DT_PARTITION.length() + 1)));
    }
    return published;
  }

  /**
   * Deletes a staging folder left by a run that did not publish, and the folders above it up
   * to the dataset's that it leaves empty (a first run that fails leaves no curated folder).
   */
  static void discard(Configuration hadoop, String staging) throws IOException {
    Path path = new Path(staging);
    FileSystem fs = path.getFileSystem(hadoop);
    fs.delete(path, true);
    Path parent = path.getParent(); // _staging
    for (int level = 0; level < 2 && parent != null; level++, parent = parent.getParent()) {
      if (!fs.exists(parent) || fs.listStatus(parent).length > 0) {
        return;
      }
      fs.delete(parent, false);
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot move " + from + " to " + to);
    }
  }
}
