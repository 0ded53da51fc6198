package io.dif.transform;

import static io.dif.transform.TransformColumns.DT_PARTITION;
import static io.dif.transform.TransformColumns.RUN_PARTITION;
import static org.apache.spark.sql.functions.col;

import io.dif.core.zone.TableCatalog;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * Writes quarantined rows to the dataset's quarantine Iceberg table
 * ({@code quarantine.{client}.{dataset}}, files under {@code quarantine/{client}/{dataset}/}):
 * {@code record} (the record as the dataset's columns read it, personal data anonymized),
 * {@code reason}, {@code page}, {@code position}, and the partition columns {@code dt} and
 * {@code run}. One commit replaces only the runs written (dynamic partition overwrite).
 */
final class QuarantineWriter {

  private QuarantineWriter() {}

  /** @param quarantined rows {@code record, reason, page, position, dt, run} */
  static void write(Dataset<Row> quarantined, IcebergTables tables, String client,
      String dataset, String location, String subject) throws NoSuchTableException {
    Dataset<Row> rows = tables.prepare(TableCatalog.Zone.QUARANTINE, client, dataset, location,
        quarantined, List.of(DT_PARTITION, RUN_PARTITION), subject);
    rows.repartition(col(DT_PARTITION), col(RUN_PARTITION))
        .sortWithinPartitions(col(DT_PARTITION), col(RUN_PARTITION), col("page"),
            col("position"))
        .writeTo(tables.sparkName(TableCatalog.Zone.QUARANTINE, client, dataset))
        .overwritePartitions();
  }
}
