package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.DT_PARTITION;
import static io.dif.transform.TransformColumns.FIELDS;
import static io.dif.transform.TransformColumns.GOOD;
import static io.dif.transform.TransformColumns.OUTCOME;
import static io.dif.transform.TransformColumns.PAGE;
import static io.dif.transform.TransformColumns.PAGE_INDEX;
import static io.dif.transform.TransformColumns.PAGE_PROBLEM;
import static io.dif.transform.TransformColumns.PARSED;
import static io.dif.transform.TransformColumns.POSITION;
import static io.dif.transform.TransformColumns.REASON;
import static io.dif.transform.TransformColumns.RECORD;
import static io.dif.transform.TransformColumns.RUN;
import static io.dif.transform.TransformColumns.RUN_PARTITION;
import static io.dif.transform.TransformColumns.SAMPLED_FIELDS;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ColumnConfig;
import io.dif.core.config.DataFormat;
import io.dif.core.config.DatasetConfig;
import io.dif.core.config.StreamConfig;
import io.dif.core.credential.CredentialStore;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DataException;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.TableCatalog;
import io.dif.core.zone.ZoneLayout;
import io.dif.transform.TransformColumns.Outcome;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Turns the committed raw runs of one dataset into its curated Iceberg table, and its bad rows
 * into its quarantine table, for the CLI ({@code dif transform}, {@code dif run}) and the Glue job.
 *
 * <p>For each {@code dt=} folder of the dataset's stream (within the optional date range) it
 * reads the latest run that has its manifest, exactly the pages the manifest lists; parses them
 * with a schema built from the config; cleans, types and validates every column; keeps the
 * latest row of each key within a date; commits the curated dates to the table in one commit
 * (dynamic partition overwrite, published after the run's checks) and the quarantined rows
 * under their date and run. Transforming the same raw runs again writes the same data.
 *
 * <p>The session is given, never built here; the only session conf set is the table catalog's
 * own ({@code spark.sql.catalog.dif_*}, see {@link IcebergTables}), chosen by
 * {@link TableCatalog#of(ZoneLayout)}.
 */
public final class DatasetTransform {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetTransform.class);

  private final SparkSession spark;
  private static final StructType PAGE_INDEX_SCHEMA = new StructType()
      .add(DT, DataTypes.DateType).add(RUN, DataTypes.StringType)
      .add(PAGE, DataTypes.StringType).add(PAGE_INDEX, DataTypes.IntegerType);

  /** Rows per task of the curated write, from the manifests' record counts. */
  private static final long ROWS_PER_WRITE_TASK = 500_000;
  /**
   * JSON pages larger than this (as received, uncompressed) are streamed record by record
   * ({@link PageParser}) instead of parsed whole by Spark's JSON parser, which holds a page
   * and all its records in memory several times over.
   */
  static final long STREAMED_JSON_PAGE_BYTES = 16L << 20;

  private final ZoneLayout zones;
  private final TableCatalog catalog;
  private final Optional<CredentialStore> credentials;
  private Runnable beforePublish = () -> { };

  /**
   * A transform without a credential store: datasets whose columns are anonymized with
   * {@code hmac_sha256} are refused (their key is in the store).
   */
  public DatasetTransform(SparkSession spark, ZoneLayout zones) {
    this(spark, zones, TableCatalog.of(zones), Optional.empty());
  }

  /** A transform that takes the HMAC keys of personal-data columns from a credential store. */
  public DatasetTransform(SparkSession spark, ZoneLayout zones, CredentialStore credentials) {
    this(spark, zones, TableCatalog.of(zones), Optional.of(credentials));
  }

  /**
   * A transform of zones read through Spark ({@code s3a://} on S3) whose tables are in the
   * given catalog (a deployment profile's, rather than the environment's).
   */
  public DatasetTransform(SparkSession spark, ZoneLayout zones, TableCatalog catalog,
      CredentialStore credentials) {
    this(spark, zones, catalog, Optional.of(credentials));
  }

  private DatasetTransform(SparkSession spark, ZoneLayout zones, TableCatalog catalog,
      Optional<CredentialStore> credentials) {
    this.spark = spark;
    this.zones = zones;
    this.catalog = catalog;
    this.credentials = credentials;
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
    if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot transform dataset "
          + client.client() + "." + datasetName + ": date range ends before it starts: "
          + from.get() + ".." + to.get());
    }
    return transform(client, datasetName, dt -> !(from.isPresent() && dt.isBefore(from.get())
        || to.isPresent() && dt.isAfter(to.get())));
  }

  /**
   * Transforms only the given data dates of one dataset: the dates whose raw documents are not
   * processed yet, as the state keeper knows them (incremental runs without Glue bookmarks).
   * No dates, nothing read.
   */
  public TransformResult transformDates(ClientConfig client, String datasetName,
      java.util.Set<LocalDate> dates) {
    java.util.Set<LocalDate> chosen = java.util.Set.copyOf(dates);
    return transform(client, datasetName, chosen::contains);
  }

  private TransformResult transform(ClientConfig client, String datasetName,
      java.util.function.Predicate<LocalDate> dates) {
    String subject = client.client() + "." + datasetName;
    DatasetConfig dataset = client.datasets().get(datasetName);
    if (dataset == null) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot transform dataset "
          + subject + ": no such dataset; datasets of the client are: "
          + String.join(", ", client.datasets().keySet()));
    }
    StreamConfig stream = stream(client, dataset, subject);
    RecordSchemas schemas = new RecordSchemas(subject);
    StructType recordSchema = schemas.recordSchema(dataset.columns());
    schemas.pageSchema(stream.records()); // a bad records pointer fails before any read
    Anonymizer anonymizer = Anonymizer.of(client, dataset, credentials, subject);

    List<CommittedRun> runs = new RawRunSelector(spark.sparkContext().hadoopConfiguration(),
        subject).select(zones.rawStream(client.client(), dataset.from().source(),
            dataset.from().stream()), dates);
    List<String> runIds = runs.stream().map(CommittedRun::runId).sorted().toList();
    long pagesRead = runs.stream().mapToLong(run -> run.manifest().pages().size()).sum();
    if (pagesRead == 0) {
      LOG.info("Nothing to transform for {}: {} committed runs, no pages", subject, runs.size());
      return new TransformResult(datasetName, List.of(), 0, 0, 0, 0, 0, runIds, List.of());
    }

    // every page gets an index in dt, run and page order: the tally's key and the
    // de-duplication's order (a later run, then a later page, wins)
    List<String> pageKeys = new ArrayList<>();
    List<Row> indexRows = new ArrayList<>();
    for (CommittedRun run : runs) {
      for (RawManifest.Page page : run.manifest().pages()) {
        pageKeys.add(Reconciliation.key(run.dt(), run.runId(), page.file()));
      }
    }
    pageKeys.sort(null);
    Map<String, Integer> index = new HashMap<>();
    for (CommittedRun run : runs) {
      for (RawManifest.Page page : run.manifest().pages()) {
        String key = Reconciliation.key(run.dt(), run.runId(), page.file());
        int at = Collections.binarySearch(pageKeys, key);
        index.put(key, at);
        indexRows.add(RowFactory.create(java.sql.Date.valueOf(run.dt()), run.runId(),
            page.file(), at));
      }
    }
    Dataset<Row> pageIndex = spark.createDataFrame(indexRows, PAGE_INDEX_SCHEMA);

    String curatedLocation = zones.curated(client.client(), datasetName);
    IcebergTables tables = new IcebergTables(spark, catalog);
    CuratedWriter writer = new CuratedWriter(spark, tables, client.client(), datasetName,
        curatedLocation, subject);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    ColumnTyping typing = new ColumnTyping(dataset.columns(), dataset.nullTokens(),
        recordSchema, dataset.format() == DataFormat.XML
            ? Optional.of(dataset.xml().attributePrefix()) : Optional.empty());
    String action = "read raw pages and write curated data";
    Dataset<Row> quarantined = null;
    try {
      // one job: read, type, de-duplicate, count and write the curated rows to the run's
      // branch of the table
      Dataset<Row> records = read(runs, page -> true, dataset, stream, schemas, recordSchema,
          pageIndex, index, false, subject);
      PageTally tally = new PageTally();
      spark.sparkContext().register(tally);
      long listedRecords = runs.stream().flatMap(run -> run.manifest().pages().stream())
          .mapToLong(RawManifest.Page::records).sum();
      int partitions = (int) Math.max(1, (listedRecords + ROWS_PER_WRITE_TASK - 1)
          / ROWS_PER_WRITE_TASK);
      writer.write(curatedRows(typing.apply(records), dataset, anonymizer, tally,
          partitions), dataset);
      Reconciliation counts = Reconciliation.check(tally, index, runs,
          page -> readsAsJsonPage(dataset, page), subject);

      // quarantined rows are read again, with their text, from the pages that have some
      action = "read quarantined rows";
      quarantined = spark.emptyDataFrame();
      if (counts.quarantined() > 0) {
        Set<String> badPages = new HashSet<>();
        counts.pages().stream().filter(page -> page.quarantined() > 0)
            .forEach(page -> badPages.add(Reconciliation.key(page.dt(), page.run(),
                page.page())));
        quarantined = quarantineRows(dataset, anonymizer, typing.apply(read(runs,
            badPages::contains, dataset, stream, schemas, recordSchema, pageIndex, index, true,
            subject)))
            .persist(StorageLevel.MEMORY_AND_DISK());
        long again = quarantined.count();
        if (again != counts.quarantined()) {
          throw new DataException(ErrorCode.TRANSFORM_FAILED, "Cannot transform dataset "
              + subject + ": " + counts.quarantined() + " rows were quarantined but "
              + again + " were found again with their record text");
        }
      }

      action = "write the quality report";
      QualityReport quality = QualityReports.assess(quarantined, counts, dataset,
          QualityReports.previousCurated(hadoop, curatedLocation + "/_quality",
              runIds.get(runIds.size() - 1)));
      String reportLocation = curatedLocation + "/_quality/run="
          + runIds.get(runIds.size() - 1) + ".json";
      quality = new QualityReport(quality.reasons(), quality.unknownFields(),
          quality.badFraction(), quality.failure(), Optional.of(reportLocation));
      TransformResult result = new TransformResult(datasetName, counts.curatedDates(),
          counts.rowsRead(), counts.curated(), counts.quarantined(), counts.duplicates(),
          pagesRead, runIds, counts.documents(), quality);
      QualityReports.write(hadoop, reportLocation, result);
      if (quality.failure().isPresent()) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset " + subject
            + ": " + quality.failure().get() + "; nothing published, see " + reportLocation);
      }
      if (counts.quarantined() > 0) {
        action = "write quarantine";
        QuarantineWriter.write(quarantined, tables, client.client(), datasetName,
            zones.quarantine(client.client(), datasetName), subject);
      }
      action = "publish curated data";
      beforePublish.run();
      writer.publish();
      if (dataset.csvCopy() && counts.curated() > 0) {
        action = "write the CSV copy of curated data";
        writer.writeCsvCopy(counts.curatedDates());
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
      if (quarantined != null) {
        quarantined.unpersist(false);
      }
      try {
        writer.discard();
      } catch (RuntimeException e) {
        LOG.warn("Cannot drop the staging branch of {}: {}", subject, e.getMessage());
      }
    }
  }

  /**
   * The curated rows of typed rows: only the columns the decision needs cross the one shuffle
   * (by date, as the writer wants one file per date); the de-duplication's sort is the write's
   * order; every row is counted on its way to the filter.
   */
  private Dataset<Row> curatedRows(Dataset<Row> checked, DatasetConfig dataset,
      Anonymizer anonymizer, PageTally tally, int partitions) {
    List<Column> kept = new ArrayList<>(List.of(col(DT), col(PAGE_INDEX), col(POSITION),
        col(REASON).isNull().as(GOOD), col(SAMPLED_FIELDS)));
    // personal data is anonymized before it crosses the shuffle (its files are on disk)
    dataset.columns().forEach(column -> kept.add(anonymizer.curated(column,
        col(column.name())).as(column.name())));
    // by date and key: the de-duplication's own distribution, so it adds no shuffle; a date's
    // rows spread over several write tasks when there are many (one file per date and task)
    List<Column> distribution = new ArrayList<>(List.of(col(DT)));
    dataset.key().forEach(name -> distribution.add(col(name)));
    Dataset<Row> distributed = checked.select(kept.toArray(Column[]::new))
        .repartition(partitions, distribution.toArray(Column[]::new));
    if (SortedDeduplication.applies(distributed.schema(), dataset.key())) {
      // a sort and one streaming pass: no window buffering every row
      return SortedDeduplication.curated(spark, distributed, dataset.key(), tally);
    }
    Dataset<Row> classified = Deduplication.classify(distributed, dataset.key());
    UserDefinedFunction count = udf((UDF4<Integer, Integer, Boolean, String, Integer>)
        (page, outcome, record, fields) -> {
          tally.add(page, Outcome.values()[outcome], record, fields);
          return outcome;
        }, DataTypes.IntegerType).asNondeterministic();
    return classified
        .withColumn(OUTCOME, count.apply(col(PAGE_INDEX), col(OUTCOME),
            col(POSITION).isNotNull(), col(SAMPLED_FIELDS)))
        .filter(col(OUTCOME).equalTo(Outcome.CURATED.ordinal()));
  }

  /**
   * The quarantined rows of typed rows, as the quarantine zone keeps them: the record as the
   * dataset's columns read it (their cleaned text values, personal-data columns anonymized as
   * in curated data), never fields no column reads nor the raw text of a record that could
   * not be read (the raw zone keeps that; {@code page} and {@code position} point to it).
   */
  private static Dataset<Row> quarantineRows(DatasetConfig dataset, Anonymizer anonymizer,
      Dataset<Row> checked) {
    List<Column> values = new ArrayList<>();
    for (int i = 0; i < dataset.columns().size(); i++) {
      ColumnConfig column = dataset.columns().get(i);
      Column value = column.anonymize().isPresent()
          ? anonymizer.curated(column, col(column.name())).cast(DataTypes.StringType)
          : col(TransformColumns.value(i));
      values.add(value.as(column.name()));
    }
    Column record = values.isEmpty() ? lit(null).cast(DataTypes.StringType)
        : when(col(PAGE_PROBLEM).isNull().and(not(col(TransformColumns.NOT_OBJECT))),
            to_json(struct(values.toArray(Column[]::new))));
    return checked.filter(col(REASON).isNotNull())
        .select(record.as("record"), col(REASON).as("reason"), col(PAGE).as("page"),
            col(POSITION).as("position"), col(DT).as(DT_PARTITION), col(RUN).as(RUN_PARTITION));
  }

  /** Runs between the checks and the publication of the curated data (tests fail here). */
  DatasetTransform beforePublish(Runnable hook) {
    this.beforePublish = hook;
    return this;
  }

  /**
   * The records of the pages of the runs that {@code selected} keeps (by
   * {@code dt/run/page}). JSON pages (plain or gzipped) up to {@link #STREAMED_JSON_PAGE_BYTES}
   * are parsed by Spark's JSON parser ({@link JsonPageReader}, the fast path unless
   * {@code textOnly}); every other page, larger JSON pages and JSON inside zip archives are
   * streamed by {@link PageParser}. Rows as {@link JsonPageReader} gives them.
   */
  private Dataset<Row> read(List<CommittedRun> runs, Predicate<String> selected,
      DatasetConfig dataset, StreamConfig stream, RecordSchemas schemas,
      StructType recordSchema, Dataset<Row> pageIndex, Map<String, Integer> index,
      boolean textOnly, String subject) {
    List<Tuple2<String, Long>> jsonPages = new ArrayList<>();
    List<String> otherPages = new ArrayList<>();
    List<Row> emptyPages = new ArrayList<>();
    for (CommittedRun run : runs) {
      List<RawManifest.Page> pages = run.manifest().pages().stream()
          .filter(page -> selected.test(Reconciliation.key(run.dt(), run.runId(), page.file())))
          .toList();
      checkPresent(run, pages, subject);
      for (RawManifest.Page page : pages) {
        if (page.storedBytes() == 0) {
          // Spark's file sources skip empty files: such a page would vanish without a trace
          emptyPages.add(RowFactory.create(run.dt().toString(), run.runId(), page.file(), null,
              null, "page is empty"));
        } else if (readsAsJsonPage(dataset, page.file()) && !streamsJsonPage(page)) {
          jsonPages.add(new Tuple2<>(run.location() + "/" + page.file(), page.bytes()));
        } else {
          otherPages.add(run.location() + "/" + page.file());
        }
      }
    }
    PageFormat format = PageFormat.of(dataset, stream.records());
    Column sample = dataset.format() == DataFormat.XML ? lit(null).cast("string")
        : when(col(POSITION).equalTo(0), udf((UDF1<String, String>) text ->
            FirstRecordFields.of(text, null), DataTypes.StringType)
            .apply(substring(col(RECORD), 1, FirstRecordFields.PREFIX_CHARS)));
    Dataset<Row> records = emptyPages.isEmpty() ? null
        : textRows(spark.createDataFrame(emptyPages, PageParser.SCHEMA)
            .withColumn(DT, col(DT).cast("date")), pageIndex, recordSchema, sample);
    if (!jsonPages.isEmpty()) {
      Dataset<Row> json = new JsonPageReader(spark, schemas, recordSchema, format)
          .read(jsonPages, stream.records(), pageIndex, textOnly);
      records = records == null ? json : records.unionByName(json);
    }
    if (!otherPages.isEmpty()) {
      Dataset<Row> others = textRows(new PageReader(spark, format)
          .read(otherPages.toArray(String[]::new)), pageIndex, recordSchema, sample);
      records = records == null ? others : records.unionByName(others);
    }
    return withContext(records, runs, dataset, index);
  }

  /**
   * The request-context values the dataset's columns take ({@code from_context}), joined to
   * each row by its page: the variables the page's parent bound, the run's window and dt.
   */
  private Dataset<Row> withContext(Dataset<Row> records, List<CommittedRun> runs,
      DatasetConfig dataset, Map<String, Integer> index) {
    List<String> names = dataset.columns().stream()
        .flatMap(column -> column.fromContext().stream()).distinct().toList();
    if (names.isEmpty()) {
      return records;
    }
    StructType schema = new StructType().add(PAGE_INDEX + "_context", DataTypes.IntegerType);
    for (String name : names) {
      schema = schema.add(TransformColumns.context(name), DataTypes.StringType);
    }
    List<Row> rows = new ArrayList<>();
    for (CommittedRun run : runs) {
      for (RawManifest.Page page : run.manifest().pages()) {
        Object[] values = new Object[names.size() + 1];
        values[0] = index.get(Reconciliation.key(run.dt(), run.runId(), page.file()));
        for (int i = 0; i < names.size(); i++) {
          values[i + 1] = switch (names.get(i)) {
            case "window_start" -> String.valueOf(run.manifest().windowStart());
            case "window_end" -> String.valueOf(run.manifest().windowEnd());
            case "dt" -> run.dt().toString();
            default -> page.parent() == null ? null : page.parent().get(names.get(i));
          };
        }
        rows.add(RowFactory.create(values));
      }
    }
    Dataset<Row> context = spark.createDataFrame(rows, schema);
    return records.join(broadcast(context),
            col(PAGE_INDEX).equalTo(col(PAGE_INDEX + "_context")), "left")
        .drop(PAGE_INDEX + "_context");
  }

  /** A page the manifest lists but its run folder lacks fails the transform. */
  private void checkPresent(CommittedRun run, List<RawManifest.Page> pages, String subject) {
    Set<String> files = new HashSet<>();
    pages.stream().filter(page -> page.storedBytes() > 0)
        .forEach(page -> files.add(page.file()));
    if (files.isEmpty()) {
      return;
    }
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(run.location());
    try {
      org.apache.hadoop.fs.FileSystem fs =
          folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
      removeListed(fs, folder, "", files);
    } catch (IOException e) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset " + subject
          + ": cannot list the run folder " + run.location() + ": " + e.getMessage(), e);
    }
    if (!files.isEmpty()) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot transform dataset "
          + subject + ": cannot read the pages a manifest lists: missing in " + run.location()
          + ": " + new java.util.TreeSet<>(files));
    }
  }

  /**
   * Removes from {@code files} the names (relative to the run folder) of the files under
   * {@code folder}. Plain listings: a located listing ({@code listFiles}) of a local folder
   * asks each file's owner and permissions, one {@code ls} process per file.
   */
  private static void removeListed(org.apache.hadoop.fs.FileSystem fs,
      org.apache.hadoop.fs.Path folder, String prefix, Set<String> files) throws IOException {
    for (org.apache.hadoop.fs.FileStatus status : fs.listStatus(folder)) {
      String name = prefix + status.getPath().getName();
      if (status.isDirectory()) {
        removeListed(fs, status.getPath(), name + "/", files);
      } else {
        files.remove(name);
      }
    }
  }

  /** Rows of record texts with the columns of {@link JsonPageReader}'s rows. */
  private static Dataset<Row> textRows(Dataset<Row> rows, Dataset<Row> pageIndex,
      StructType recordSchema, Column sample) {
    return rows.join(broadcast(pageIndex), scala.collection.JavaConverters
            .asScalaBuffer(List.of(DT, RUN, PAGE)).toSeq())
        .select(col(DT), col(RUN), col(PAGE), col(PAGE_INDEX), col(POSITION), col(RECORD),
            col(PAGE_PROBLEM), lit(null).cast(recordSchema).as(FIELDS),
            lit(false).as(PARSED), sample.as(SAMPLED_FIELDS));
  }

  /**
   * Whether a page is read by Spark's JSON parser, and so has its record count checked against
   * its manifest (the extractor counts the records of JSON pages only).
   */
  private static boolean readsAsJsonPage(DatasetConfig dataset, String file) {
    return dataset.format() == DataFormat.JSON && !file.toLowerCase(Locale.ROOT).endsWith(".zip");
  }

  /**
   * Whether a JSON page may expand past {@link #STREAMED_JSON_PAGE_BYTES}: its size as
   * received, or, for a gzip stored as received (its expanded size unknown), 16 times its size.
   */
  static boolean streamsJsonPage(RawManifest.Page page) {
    boolean gzipAsReceived = page.file().toLowerCase(Locale.ROOT).endsWith(".gz")
        && page.bytes() == page.storedBytes();
    long expanded = gzipAsReceived ? page.storedBytes() * 16 : page.bytes();
    return expanded > STREAMED_JSON_PAGE_BYTES;
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
