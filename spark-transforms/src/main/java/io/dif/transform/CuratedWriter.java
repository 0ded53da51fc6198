package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.DT_PARTITION;
import static io.dif.transform.TransformColumns.OUTCOME;
import static org.apache.spark.sql.functions.col;

import io.dif.core.config.DatasetConfig;
import io.dif.transform.TransformColumns.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes curated rows as Parquet partitioned by {@code dt}, columns in config order then
 * {@code dt}. Dynamic partition overwrite (a write option, not session conf) replaces only the
 * dates written; other dates stay as they are. One file per date, rows sorted by key, so the
 * same input writes the same files.
 */
final class CuratedWriter {

  private CuratedWriter() {}

  static void write(Dataset<Row> classified, DatasetConfig dataset, String location) {
    List<Column> columns = new ArrayList<>();
    dataset.columns().forEach(column -> columns.add(col(column.name())));
    columns.add(col(DT).as(DT_PARTITION));
    List<Column> order = new ArrayList<>(List.of(col(DT_PARTITION)));
    dataset.key().forEach(name -> order.add(col(name)));

    classified.filter(col(OUTCOME).equalTo(Outcome.CURATED.name()))
        .select(columns.toArray(Column[]::new))
        .repartition(col(DT_PARTITION))
        .sortWithinPartitions(order.toArray(Column[]::new))
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(DT_PARTITION)
        .parquet(location);
  }
}
