package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.GOOD;
import static io.dif.transform.TransformColumns.PAGE_INDEX;
import static io.dif.transform.TransformColumns.POSITION;
import static io.dif.transform.TransformColumns.SAMPLED_FIELDS;
import static org.apache.spark.sql.functions.col;

import io.dif.transform.TransformColumns.Outcome;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag$;

/**
 * The de-duplication of {@link Deduplication} without a window: rows distributed by date and
 * key are sorted by date, key, then good rows first and latest (page, position) first, and one
 * streaming pass compares each row's date and key with the previous row's. The first row of a
 * key is curated when good; later good rows are duplicates; rows with a reason are quarantined.
 * Each row is counted in the {@link PageTally} on its way (in the last stage of the job, so
 * exactly), and only the curated rows go on, in date and key order.
 *
 * <p>Spark's window would buffer and copy every row, and project its partition key, to number
 * groups that are nearly all of one row: a third of the final stage.
 *
 * <p>Keys are compared as their binary (unsafe) form, which is SQL equality for every type but
 * floating point ones ({@code -0.0}, NaN): keys with such a column use the window.
 */
final class SortedDeduplication {

  private SortedDeduplication() {}

  /** Whether the key's columns of {@code rows} compare as bytes the way SQL groups them. */
  static boolean applies(StructType rows, List<String> key) {
    if (key.isEmpty()) {
      return false;
    }
    for (String name : key) {
      DataType type = rows.apply(name).dataType();
      if (!(type instanceof org.apache.spark.sql.types.AtomicType)
          || type.equals(DataTypes.FloatType) || type.equals(DataTypes.DoubleType)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The curated rows of {@code distributed} (rows distributed by date and key, with
   * {@code _good}, {@code _dt}, {@code _page_index}, {@code _position},
   * {@code _sampled_fields} and the key columns), with the same columns, counting every row.
   */
  static Dataset<Row> curated(SparkSession spark, Dataset<Row> distributed, List<String> key,
      PageTally tally) {
    List<Column> order = new ArrayList<>(List.of(col(DT)));
    key.forEach(name -> order.add(col(name)));
    order.add(col(GOOD).desc());
    order.add(col(PAGE_INDEX).desc());
    order.add(col(POSITION).desc());
    Dataset<Row> sorted = distributed.sortWithinPartitions(order.toArray(Column[]::new));
    StructType schema = sorted.schema();
    List<String> keyColumns = new ArrayList<>(List.of(DT));
    keyColumns.addAll(key);
    int[] keyOrdinals = keyColumns.stream().mapToInt(schema::fieldIndex).toArray();
    DataType[] keyTypes = keyColumns.stream().map(name -> schema.apply(name).dataType())
        .toArray(DataType[]::new);
    Tagger tagger = new Tagger(tally, keyOrdinals, keyTypes, schema.fieldIndex(GOOD),
        schema.fieldIndex(PAGE_INDEX), schema.fieldIndex(POSITION),
        schema.fieldIndex(SAMPLED_FIELDS));
    JavaRDD<InternalRow> rows = new JavaRDD<>(sorted.queryExecution().toRdd(),
        ClassTag$.MODULE$.apply(InternalRow.class));
    return spark.internalCreateDataFrame(rows.mapPartitions(tagger).rdd(), schema, false);
  }

  /** Counts each row and keeps the first good row of each date and key. */
  private static final class Tagger implements FlatMapFunction<Iterator<InternalRow>,
      InternalRow> {
    private static final long serialVersionUID = 1L;

    private final PageTally tally;
    private final int[] keyOrdinals;
    private final DataType[] keyTypes;
    private final int good;
    private final int page;
    private final int position;
    private final int sampled;

    Tagger(PageTally tally, int[] keyOrdinals, DataType[] keyTypes, int good, int page,
        int position, int sampled) {
      this.tally = tally;
      this.keyOrdinals = keyOrdinals;
      this.keyTypes = keyTypes;
      this.good = good;
      this.page = page;
      this.position = position;
      this.sampled = sampled;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> input) {
      List<Expression> fields = new ArrayList<>();
      for (int i = 0; i < keyOrdinals.length; i++) {
        fields.add(new BoundReference(keyOrdinals[i], keyTypes[i], true));
      }
      UnsafeProjection keyOf = UnsafeProjection.create(
          JavaConverters.asScalaBuffer(fields).toSeq());
      return new Iterator<>() {
        private UnsafeRow previous;
        private InternalRow next;

        @Override
        public boolean hasNext() {
          while (next == null && input.hasNext()) {
            InternalRow row = input.next();
            UnsafeRow key = keyOf.apply(row);
            boolean first = previous == null || !previous.equals(key);
            if (first) {
              previous = key.copy();
            }
            Outcome outcome = !row.getBoolean(good) ? Outcome.QUARANTINED
                : first ? Outcome.CURATED : Outcome.DUPLICATE;
            tally.add(row.getInt(page), outcome, !row.isNullAt(position),
                row.isNullAt(sampled) ? null : row.getUTF8String(sampled).toString());
            if (outcome == Outcome.CURATED) {
              next = row;
            }
          }
          return next != null;
        }

        @Override
        public InternalRow next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          InternalRow row = next;
          next = null;
          return row;
        }
      };
    }
  }
}
