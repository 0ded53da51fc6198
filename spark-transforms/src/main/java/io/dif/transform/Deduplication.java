package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.GOOD;
import static io.dif.transform.TransformColumns.OUTCOME;
import static io.dif.transform.TransformColumns.PAGE_INDEX;
import static io.dif.transform.TransformColumns.POSITION;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
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
 *
 * <p>The transform uses {@link SortedDeduplication} (the same decision, without a window)
 * unless a key column is floating point.
 *
 * <p>The window is partitioned by date and key, and ordered by key too: on rows already
 * distributed by date and key (as the curated writer gets them) it needs no shuffle of its own, and its sort is the order the curated files are written in.
 */
final class Deduplication {

  private Deduplication() {}

  /**
   * Adds {@code _outcome} (an {@link Outcome} ordinal) to rows that have {@code _good},
   * {@code _dt}, {@code _page_index} (in run and page order within a date), {@code _position}
   * and the key columns.
   */
  static Dataset<Row> classify(Dataset<Row> checked, List<String> key) {
    Column good = col(GOOD);
    Column curated = lit(Outcome.CURATED.ordinal());
    Column quarantined = lit(Outcome.QUARANTINED.ordinal());
    if (key.isEmpty()) {
      return checked.withColumn(OUTCOME, when(good, curated).otherwise(quarantined));
    }
    List<Column> partition = new ArrayList<>(List.of(col(DT)));
    key.forEach(name -> partition.add(col(name)));
    // good rows first, so the first row of a key is the latest good row when there is one
    Column latestFirst = row_number().over(Window
        .partitionBy(partition.toArray(Column[]::new))
        .orderBy(good.desc(), col(PAGE_INDEX).desc(), col(POSITION).desc()));
    return checked.withColumn(OUTCOME, when(not(good), quarantined)
        .when(latestFirst.equalTo(1), curated)
        .otherwise(lit(Outcome.DUPLICATE.ordinal())));
  }
}
