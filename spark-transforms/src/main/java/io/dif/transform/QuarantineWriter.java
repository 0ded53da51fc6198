package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.DT_PARTITION;
import static io.dif.transform.TransformColumns.OUTCOME;
import static io.dif.transform.TransformColumns.PAGE;
import static io.dif.transform.TransformColumns.POSITION;
import static io.dif.transform.TransformColumns.REASON;
import static io.dif.transform.TransformColumns.RECORD;
import static io.dif.transform.TransformColumns.RUN;
import static io.dif.transform.TransformColumns.RUN_PARTITION;
import static org.apache.spark.sql.functions.col;

import io.dif.transform.TransformColumns.Outcome;
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

  static void write(Dataset<Row> classified, String location) {
    classified.filter(col(OUTCOME).equalTo(Outcome.QUARANTINED.name()))
        .select(col(RECORD).as("record"), col(REASON).as("reason"), col(PAGE).as("page"),
            col(POSITION).as("position"), col(DT).as(DT_PARTITION), col(RUN).as(RUN_PARTITION))
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
