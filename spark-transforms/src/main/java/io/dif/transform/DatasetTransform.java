package io.dif.transform;

import static org.apache.spark.sql.functions.col;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.DataFormat;
import io.dif.core.config.DatasetConfig;
import io.dif.core.config.StreamConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DataException;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the committed raw runs of one dataset into curated Parquet, and its bad rows into
 * quarantine, for the CLI ({@code dif transform}, {@code dif run}) and the Glue job.
 *
 * <p>For each {@code dt=} folder of the dataset's stream (within the optional date range) it
 * reads the latest run that has its manifest, exactly the pages the manifest lists; parses them
 * with a schema built from the config; cleans, types and validates every column; keeps the
 * latest row of each key within a date; writes the curated dates with dynamic partition
 * overwrite and the quarantined rows under their date and run. Transforming the same raw runs
 * again writes the same data.
 *
 * <p>The session is given, never built here, and no session conf is changed.
 */
public final class DatasetTransform {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetTransform.class);

  private final SparkSession spark;
  private final ZoneLayout zones;

  public DatasetTransform(SparkSession spark, ZoneLayout zones) {
    this.spark = spark;
    this.zones = zones;
  }

  /**
   * Transforms one dataset of a client.
   *
   * @param from first data date to transform (inclusive); all dates when empty
   * @param to last data date to transform (inclusive); all dates when empty
   * @throws ConfigurationException when the dataset or its stream is not in the config
   * @throws DataException when the raw zone cannot be read or contradicts its manifests, or a
   *     Spark job fails
   */
  public TransformResult transform(ClientConfig client, String datasetName,
      Optional<LocalDate> from, Optional<LocalDate> to) {
    String subject = client.client() + "." + datasetName;
    DatasetConfig dataset = client.datasets().get(datasetName);
    if (dataset == null) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot transform dataset "
          + subject + ": no such dataset; datasets of the client are: "
          + String.join(", ", client.datasets().keySet()));
    }
    if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot transform dataset "
          + subject + ": date range ends before it starts: " + from.get() + ".." + to.get());
    }
    StreamConfig stream = stream(client, dataset, subject);
    RecordSchemas schemas = new RecordSchemas(subject);
    StructType recordSchema = schemas.recordSchema(dataset.columns());
    schemas.pageSchema(stream.records()); // a bad records pointer fails before any read

    List<CommittedRun> runs = new RawRunSelector(spark.sparkContext().hadoopConfiguration(),
        subject).select(zones.rawStream(client.client(), dataset.from().source(),
            dataset.from().stream()), from, to);
    List<String> runIds = runs.stream().map(CommittedRun::runId).sorted().toList();
    long pagesRead = runs.stream().mapToLong(run -> run.manifest().pages().size()).sum();
    if (pagesRead == 0) {
      LOG.info("Nothing to transform for {}: {} committed runs, no pages", subject, runs.size());
      return new TransformResult(datasetName, List.of(), 0, 0, 0, 0, 0, runIds, List.of());
    }

    String action = "read raw pages";
    Dataset<Row> classified = null;
    try {
      Dataset<Row> records = read(runs, dataset, stream, schemas, subject);
      Dataset<Row> checked = new ColumnTyping(dataset.columns(), dataset.nullTokens(),
          recordSchema,
          dataset.format() == DataFormat.XML
              ? Optional.of(dataset.xml().attributePrefix()) : Optional.empty())
          .apply(records);
      classified = Deduplication.classify(checked, dataset.key())
          .persist(StorageLevel.MEMORY_AND_DISK());

      Reconciliation counts = Reconciliation.count(classified, runs,
          page -> readsAsJsonPage(dataset, page), dataset.format() != DataFormat.XML, subject);
      action = "write the quality report";
      QualityReport quality = QualityReports.assess(classified, counts, dataset);
      String reportLocation = zones.curated(client.client(), datasetName) + "/_quality/run="
          + runIds.get(runIds.size() - 1) + ".json";
      quality = new QualityReport(quality.reasons(), quality.unknownFields(),
          quality.badFraction(), quality.failure(), Optional.of(reportLocation));
      TransformResult result = new TransformResult(datasetName, counts.curatedDates(),
          counts.rowsRead(), counts.curated(), counts.quarantined(), counts.duplicates(),
          pagesRead, runIds, counts.documents(), quality);
      QualityReports.write(spark.sparkContext().hadoopConfiguration(), reportLocation, result);
      if (quality.failure().isPresent()) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset " + subject
            + ": " + quality.failure().get() + "; nothing published, see " + reportLocation);
      }
      if (counts.quarantined() > 0) {
        action = "write quarantine";
        QuarantineWriter.write(classified, zones.quarantine(client.client(), datasetName));
      }
      if (counts.curated() > 0) {
        action = "write curated data";
        CuratedWriter.write(classified, dataset, zones.curated(client.client(), datasetName));
      }
      LOG.info("Transformed {}", result.summary());
      return result;
    } catch (DifException e) {
      throw e;
    } catch (Exception e) {
      // Spark reports failures of its jobs as (Scala-unchecked) SparkException and friends
      throw new DataException(ErrorCode.TRANSFORM_FAILED, "Cannot transform dataset " + subject
          + ": cannot " + action + ": " + firstLine(e), e);
    } finally {
      if (classified != null) {
        classified.unpersist(false);
      }
    }
  }

  /**
   * The records of every page the runs list. JSON pages (plain or gzipped) are parsed by
   * Spark's JSON parser ({@link JsonPageReader}, the fast path); every other page, and JSON
   * inside zip archives, by {@link PageParser}.
   */
  private Dataset<Row> read(List<CommittedRun> runs, DatasetConfig dataset, StreamConfig stream,
      RecordSchemas schemas, String subject) {
    List<String> jsonPages = new ArrayList<>();
    List<String> otherPages = new ArrayList<>();
    List<Row> emptyPages = new ArrayList<>();
    for (CommittedRun run : runs) {
      for (RawManifest.Page page : run.manifest().pages()) {
        if (page.storedBytes() == 0) {
          // Spark's file sources skip empty files: such a page would vanish without a trace
          emptyPages.add(RowFactory.create(run.dt().toString(), run.runId(), page.file(), null,
              null, "page is empty"));
        } else {
          (readsAsJsonPage(dataset, page.file()) ? jsonPages : otherPages)
              .add(run.location() + "/" + page.file());
        }
      }
    }
    Dataset<Row> records = emptyPages.isEmpty() ? null
        : spark.createDataFrame(emptyPages, PageParser.SCHEMA)
            .withColumn(TransformColumns.DT, col(TransformColumns.DT).cast("date"));
    if (!jsonPages.isEmpty()) {
      Dataset<Row> json = new JsonPageReader(spark, schemas, subject)
          .read(jsonPages.toArray(String[]::new), stream.records());
      records = records == null ? json : records.unionByName(json);
    }
    if (!otherPages.isEmpty()) {
      Dataset<Row> others = new PageReader(spark, PageFormat.of(dataset, stream.records()),
          subject).read(otherPages.toArray(String[]::new));
      records = records == null ? others : records.unionByName(others);
    }
    return records;
  }

  /**
   * Whether a page is read by Spark's JSON parser, and so has its record count checked against
   * its manifest (the extractor counts the records of JSON pages only).
   */
  private static boolean readsAsJsonPage(DatasetConfig dataset, String file) {
    return dataset.format() == DataFormat.JSON && !file.toLowerCase(Locale.ROOT).endsWith(".zip");
  }

  private static StreamConfig stream(ClientConfig client, DatasetConfig dataset,
      String subject) {
    try {
      return client.stream(dataset.from());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot transform dataset "
          + subject + ": its stream is not in the client config: " + dataset.from());
    }
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
