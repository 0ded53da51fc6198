package io.dif.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dif.core.config.DatasetConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Builds a run's {@link QualityReport} and writes it as JSON. */
final class QualityReports {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private QualityReports() {}

  /**
   * The findings of a run: reasons (one small aggregation over the quarantined rows
   * {@code record, reason, ...}, only when there are some), unknown fields, and the dataset rules' verdict.
   */
  static QualityReport assess(Dataset<Row> quarantined, Reconciliation counts,
      DatasetConfig dataset, Optional<Long> previousCurated) {
    Map<String, Long> reasons = new HashMap<>();
    if (counts.quarantined() > 0) {
      quarantined.select(explode(split(col("reason"), "; ")).as("reason"))
          .select(regexp_replace(col("reason"), "\"[^\"]*\"", "\"…\"").as("reason"))
          .groupBy("reason").count().collectAsList()
          .forEach(row -> reasons.put(row.getString(0), row.getLong(1)));
    }
    Set<String> known = new TreeSet<>();
    dataset.columns().forEach(column -> known.add(RecordSchemas.topLevelField(column)));
    List<String> unknown = counts.sourceFields().stream()
        .filter(field -> !known.contains(field)).toList();

    double badFraction = counts.rowsRead() == 0 ? 0
        : (double) counts.quarantined() / counts.rowsRead();
    Optional<String> failure = Optional.empty();
    if (badFraction > dataset.maxBadFraction()) {
      failure = Optional.of(String.format(Locale.ROOT, "%d of %d rows (%.2f%%) are bad, more"
          + " than max_bad_fraction %s", counts.quarantined(), counts.rowsRead(),
          100 * badFraction, dataset.maxBadFraction()));
    } else if (counts.curated() < dataset.minRows()) {
      failure = Optional.of("only " + counts.curated() + " rows are good, fewer than min_rows "
          + dataset.minRows());
    } else if (dataset.maxRowCountChange().isPresent() && previousCurated.isPresent()) {
      long before = previousCurated.get();
      double change = before == 0 ? (counts.curated() == 0 ? 0 : Double.POSITIVE_INFINITY)
          : Math.abs(counts.curated() - before) / (double) before;
      if (change > dataset.maxRowCountChange().get()) {
        failure = Optional.of(String.format(Locale.ROOT, "%d rows are good where the previous"
            + " published run had %d (%s%.2f%%), more than max_row_count_change %s",
            counts.curated(), before, counts.curated() >= before ? "+" : "-", 100 * change,
            dataset.maxRowCountChange().get()));
      }
    }
    return new QualityReport(reasons, unknown, badFraction, failure, Optional.empty());
  }

  /**
   * The curated row count of the latest published report before run {@code runId} (by run id),
   * empty when there is none.
   */
  static Optional<Long> previousCurated(Configuration hadoop, String folder, String runId)
      throws IOException {
    Path path = new Path(folder);
    FileSystem fs = path.getFileSystem(hadoop);
    if (!fs.exists(path)) {
      return Optional.empty();
    }
    String current = "run=" + runId + ".json";
    TreeSet<String> earlier = new TreeSet<>();
    for (FileStatus status : fs.listStatus(path)) {
      String name = status.getPath().getName();
      if (name.startsWith("run=") && name.endsWith(".json") && name.compareTo(current) < 0) {
        earlier.add(name);
      }
    }
    for (String name : earlier.descendingSet()) {
      try (InputStream in = fs.open(new Path(path, name))) {
        JsonNode report = JSON.readTree(in);
        if (report.path("published").asBoolean(false)) {
          return Optional.of(report.path("rows_curated").asLong());
        }
      }
    }
    return Optional.empty();
  }

  /** Writes the report of a result as JSON (Hadoop FileSystem: local or s3a). */
  static void write(Configuration hadoop, String location, TransformResult result)
      throws IOException {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("dataset", result.dataset());
    report.put("runs", result.runIds());
    report.put("published", result.quality().failure().isEmpty());
    result.quality().failure().ifPresent(failure -> report.put("failure", failure));
    report.put("partitions", result.partitions().stream().map(Object::toString).toList());
    report.put("pages_read", result.pagesRead());
    report.put("rows_read", result.rowsRead());
    report.put("rows_curated", result.rowsCurated());
    report.put("rows_quarantined", result.rowsQuarantined());
    report.put("duplicates_removed", result.duplicatesRemoved());
    report.put("bad_fraction", result.quality().badFraction());
    report.put("reasons", result.quality().sortedReasons());
    report.put("unknown_fields", result.quality().unknownFields());
    Path path = new Path(location);
    FileSystem fs = path.getFileSystem(hadoop);
    try (OutputStream out = fs.create(path, true)) {
      JSON.writeValue(out, report);
    }
  }
}
