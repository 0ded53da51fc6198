package io.dif.transform;

import static io.dif.transform.TransformColumns.DT_PARTITION;
import static io.dif.transform.TransformColumns.RUN_PARTITION;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes quarantined rows as Parquet under {@code quarantine/{client}/{dataset}/dt=D/run=R/}:
 * {@code record} (the original record as JSON text, or the whole page when the page could not
 * be read), {@code reason}, {@code page}, {@code position}, and the partition columns
 * {@code dt} and {@code run}. Dynamic partition overwrite replaces only the runs written.
 */
final class QuarantineWriter {

  private QuarantineWriter() {}

  /** @param quarantined rows {@code record, reason, page, position, dt, run} */
  static void write(Dataset<Row> quarantined, String location) {
    quarantined
        .repartition(col(DT_PARTITION), col(RUN_PARTITION))
        .sortWithinPartitions(col(DT_PARTITION), col(RUN_PARTITION), col("page"),
            col("position"))
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(DT_PARTITION, RUN_PARTITION)
        .parquet(location);
  }
}
