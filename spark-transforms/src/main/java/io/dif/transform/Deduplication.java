package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.OUTCOME;
import static io.dif.transform.TransformColumns.PAGE;
import static io.dif.transform.TransformColumns.POSITION;
import static io.dif.transform.TransformColumns.REASON;
import static io.dif.transform.TransformColumns.RUN;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.dif.transform.TransformColumns.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Decides what becomes of each typed row: a row with a reason is quarantined; among the good
 * rows of one data date with the same key, the latest (greatest run id, then page, then
 * position in the page) is curated and the others are duplicates.
 *
 * <p>Duplicates are found within a data date, not across dates: a curated partition is then a
 * function of its own raw run only, whatever date range a transform covers, so transforming
 * again any range gives the same partitions. Keys repeated across dates are for the load
 * stage's merge to settle.
 */
final class Deduplication {

  private Deduplication() {}

  /** Adds the {@code _outcome} column to rows that have {@code _reason} and the key columns. */
  static Dataset<Row> classify(Dataset<Row> checked, List<String> key) {
    Column good = col(REASON).isNull();
    if (key.isEmpty()) {
      return checked.withColumn(OUTCOME, when(good, lit(Outcome.CURATED.name()))
          .otherwise(lit(Outcome.QUARANTINED.name())));
    }
    List<Column> partition = new ArrayList<>(List.of(good, col(DT)));
    key.forEach(name -> partition.add(col(name)));
    Column latestFirst = row_number().over(Window
        .partitionBy(partition.toArray(Column[]::new))
        .orderBy(col(RUN).desc(), col(PAGE).desc(), col(POSITION).desc()));
    return checked.withColumn(OUTCOME,
        when(col(REASON).isNotNull(), lit(Outcome.QUARANTINED.name()))
            .when(latestFirst.equalTo(1), lit(Outcome.CURATED.name()))
            .otherwise(lit(Outcome.DUPLICATE.name())));
  }
}
