package io.dif.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.regexp_extract;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.transform.DatasetTransform;
import io.dif.transform.TransformResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The full DIF transform of generated Meta-shaped JSON pages (gzipped, as the extractor lands
 * them) against bare Spark reading the same files with the same explicit schema, casting the
 * same columns and writing Parquet partitioned by dt, and against DuckDB ({@code read_json} of
 * the same files with the same typed columns, {@code COPY ... TO} Parquet partitioned by dt, in
 * process through JDBC), in one JVM, side by side. Prints for each the wall time, rows/s, the
 * process's CPU seconds and CPU per row, and the ratios. Not a test: figures for people.
 */
public final class TransformBenchmark {
  private static final int ROWS_PER_PAGE = 5_000;
  private static final int DATES = 5;
  private static final String RUN = "20240201T060000Z-0001";
  private static final String CONFIG = """
      version: 1
      client: bench
      sources:
        meta:
          base_url: https://graph.facebook.com/v21.0
          streams:
            insights:
              request: { path: /act_1/insights }
              records: /data
      datasets:
        ad_insights_daily:
          from: meta.insights
          columns:
            - { name: campaign_id, type: string, required: true }
            - { name: ad_id, type: string, required: true }
            - { name: day, type: date, source: date_start, required: true }
            - { name: impressions, type: long }
            - { name: clicks, type: int }
            - { name: spend, type: "decimal(18,4)" }
            - { name: currency, type: string, source: account_currency }
          key: [ad_id, day]
          destination: { table: marketing.ad_insights_daily, mode: merge }
      """;

  private TransformBenchmark() {}

  public static void main(String[] args) throws IOException, SQLException {
    long rows = Long.parseLong(args[0]);
    Path work = Path.of(args[1]);
    // rounds of the three, one after another: medians of paired runs (small inputs vary most)
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    deleteTree(work);
    ZoneLayout zones = new ZoneLayout(work.resolve("zones").toString());
    long generated = generate(zones, rows);

    SparkSession spark = SparkSession.builder().master("local[*]").appName("dif-bench")
        .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    int cores = spark.sparkContext().defaultParallelism();
    ClientConfig client = new ClientConfigLoader().parse("bench.yaml", CONFIG);
    String pages = zones.rawStream("bench", "meta", "insights") + "/dt=*/run=*/*.json.gz";

    String firstDate = zones.rawStream("bench", "meta", "insights")
        + "/dt=2024-01-01/run=*/*.json.gz";
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
      // warm-up of each on one date, so none pays for class loading and JIT alone
      bare(spark, firstDate, work.resolve("warmup-bare").toString());
      new DatasetTransform(spark, zones).transform(client, "ad_insights_daily",
          Optional.of(LocalDate.parse("2024-01-01")), Optional.of(LocalDate.parse("2024-01-01")));
      duck(duckdb, firstDate, work.resolve("warmup-duckdb").toString());

      List<Measured> bares = new ArrayList<>();
      List<Measured> difs = new ArrayList<>();
      List<Measured> ducks = new ArrayList<>();
      TransformResult[] result = new TransformResult[1];
      System.out.printf("rows generated      %,d in %d pages (%d dates), cores %d, %d round%s%n",
          generated, (generated + ROWS_PER_PAGE - 1) / ROWS_PER_PAGE, DATES, cores, rounds,
          rounds == 1 ? "" : "s");
      for (int round = 1; round <= rounds; round++) {
        String out = "-" + round;
        bares.add(Measured.of(() -> bare(spark, pages, work.resolve("bare" + out).toString())));
        difs.add(Measured.of(() -> {
          result[0] = new DatasetTransform(spark, zones).transform(client, "ad_insights_daily",
              Optional.empty(), Optional.empty());
          return result[0].rowsRead();
        }));
        ducks.add(Measured.of(() -> duck(duckdb, pages,
            work.resolve("duckdb" + out).toString())));
        if (rounds > 1) {
          System.out.printf("round %d             bare Spark %.2f s, DIF %.2f s, DuckDB %.2f s%n",
              round, bares.get(round - 1).seconds, difs.get(round - 1).seconds,
              ducks.get(round - 1).seconds);
        }
      }
      Measured bare = Measured.median(bares);
      Measured dif = Measured.median(difs);
      Measured duck = Measured.median(ducks);
      String of = rounds == 1 ? "" : " (medians)";
      System.out.println("bare Spark          " + bare + of);
      System.out.println("DIF transform       " + dif + of + String.format(
          "; curated %,d, quarantined %,d, duplicates %,d", result[0].rowsCurated(),
          result[0].rowsQuarantined(), result[0].duplicatesRemoved()));
      System.out.println("DuckDB              " + duck + of);
      System.out.printf("ratio DIF / bare    %.2f (rows/s)%n", dif.rate() / bare.rate());
      System.out.printf("DIF vs DuckDB       %.2fx the wall time, %.2fx the CPU%n",
          dif.seconds / duck.seconds, dif.cpuSeconds / duck.cpuSeconds);
    }
    spark.stop();
  }

  /** A side's rows, wall time and the process's CPU time (every thread, DuckDB's too). */
  private record Measured(long rows, double seconds, double cpuSeconds) {
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    interface Work {
      long run() throws Exception;
    }

    static Measured of(Work work) {
      long cpuStart = OS.getProcessCpuTime();
      long start = System.nanoTime();
      long rows;
      try {
        rows = work.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return new Measured(rows, (System.nanoTime() - start) / 1e9,
          (OS.getProcessCpuTime() - cpuStart) / 1e9);
    }

    /** The median wall time and, separately, the median CPU time of same-size runs. */
    static Measured median(List<Measured> runs) {
      double[] seconds = runs.stream().mapToDouble(Measured::seconds).sorted().toArray();
      double[] cpu = runs.stream().mapToDouble(Measured::cpuSeconds).sorted().toArray();
      return new Measured(runs.get(0).rows, middle(seconds), middle(cpu));
    }

    private static double middle(double[] sorted) {
      int half = sorted.length / 2;
      return sorted.length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    double rate() {
      return rows / seconds;
    }

    @Override
    public String toString() {
      return String.format("%,d rows in %.1f s: %,.0f rows/s; %.1f CPU-s, %.2f µs CPU per row",
          rows, seconds, rate(), cpuSeconds, cpuSeconds * 1e6 / rows);
    }
  }

  /**
   * DuckDB: {@code read_json} of the same gzipped pages with the same typed record columns
   * (given, not sampled), unnest, the same casts, Parquet (snappy, as Spark writes it)
   * partitioned by dt; the rows counted from the written files, as bare Spark does.
   */
  private static long duck(Connection duckdb, String pages, String out) throws SQLException {
    String record = "STRUCT(campaign_id VARCHAR, ad_id VARCHAR, date_start VARCHAR,"
        + " impressions VARCHAR, clicks VARCHAR, spend VARCHAR, account_currency VARCHAR)[]";
    try (Statement statement = duckdb.createStatement()) {
      statement.execute("COPY (SELECT r.campaign_id AS campaign_id, r.ad_id AS ad_id,"
          + " CAST(r.date_start AS DATE) AS day, CAST(r.impressions AS BIGINT) AS impressions,"
          + " CAST(r.clicks AS INTEGER) AS clicks, CAST(r.spend AS DECIMAL(18,4)) AS spend,"
          + " r.account_currency AS currency, dt"
          + " FROM (SELECT unnest(data) AS r, regexp_extract(filename, '/dt=([^/]+)/', 1) AS dt"
          + " FROM read_json('" + pages + "', format = 'newline_delimited',"
          + " columns = {data: '" + record + "'}, filename = true)))"
          + " TO '" + out + "' (FORMAT PARQUET, COMPRESSION SNAPPY, PARTITION_BY (dt),"
          + " OVERWRITE_OR_IGNORE)");
      try (ResultSet count = statement.executeQuery("SELECT count(*) FROM read_parquet('"
          + out + "/*/*.parquet')")) {
        count.next();
        return count.getLong(1);
      }
    }
  }

  /** Bare Spark: JSON source with the explicit page schema, explode, cast, Parquet by dt. */
  private static long bare(SparkSession spark, String pages, String out) {
    StructType record = new StructType()
        .add("campaign_id", DataTypes.StringType).add("ad_id", DataTypes.StringType)
        .add("date_start", DataTypes.StringType).add("impressions", DataTypes.StringType)
        .add("clicks", DataTypes.StringType).add("spend", DataTypes.StringType)
        .add("account_currency", DataTypes.StringType);
    StructType page = new StructType().add("data", DataTypes.createArrayType(record));
    var rows = spark.read().schema(page).json(pages)
        .select(regexp_extract(input_file_name(), "/dt=([^/]+)/", 1).as("dt"),
            explode(col("data")).as("r"))
        .select(col("r.campaign_id").as("campaign_id"), col("r.ad_id").as("ad_id"),
            col("r.date_start").cast("date").as("day"),
            col("r.impressions").cast("bigint").as("impressions"),
            col("r.clicks").cast("int").as("clicks"),
            col("r.spend").cast("decimal(18,4)").as("spend"),
            col("r.account_currency").as("currency"), col("dt"));
    rows.write().mode(SaveMode.Overwrite).partitionBy("dt").parquet(out);
    return spark.read().parquet(out).count();
  }

  /** Meta insights pages, one line each (as the Graph API sends them), gzipped, + manifest. */
  private static long generate(ZoneLayout zones, long rows) throws IOException {
    Random random = new Random(42);
    long perDate = rows / DATES;
    long written = 0;
    for (int d = 0; d < DATES; d++) {
      LocalDate dt = LocalDate.parse("2024-01-01").plusDays(d);
      Path folder = Path.of(zones.rawRun("bench", "meta", "insights", dt, RUN));
      Files.createDirectories(folder);
      List<RawManifest.Page> manifestPages = new ArrayList<>();
      for (long first = 0; first < perDate; first += ROWS_PER_PAGE) {
        int count = (int) Math.min(ROWS_PER_PAGE, perDate - first);
        StringBuilder body = new StringBuilder(count * 200).append("{\"data\":[");
        for (int i = 0; i < count; i++) {
          long ad = first + i;
          body.append(i == 0 ? "" : ",").append("{\"account_id\":\"1000000000001\",")
              .append("\"campaign_id\":\"12000000").append(ad / 100).append("\",")
              .append("\"ad_id\":\"13000000").append(ad).append("\",")
              .append("\"date_start\":\"").append(dt).append("\",")
              .append("\"date_stop\":\"").append(dt).append("\",")
              .append("\"impressions\":\"").append(random.nextInt(100_000)).append("\",")
              .append("\"clicks\":\"").append(random.nextInt(1_000)).append("\",")
              .append("\"spend\":\"").append(random.nextInt(100_000) / 100.0).append("\",")
              .append("\"account_currency\":\"EUR\"}");
        }
        body.append("],\"paging\":{\"cursors\":{\"before\":\"MAZDZD\",\"after\":\"MjQZD\"}}}");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(stored)) {
          gzip.write(bytes);
        }
        String file = ZoneLayout.pageName(manifestPages.size(), "json.gz");
        Files.write(folder.resolve(file), stored.toByteArray());
        manifestPages.add(new RawManifest.Page(file, "GET", "https://graph.facebook.com/"
            + "v21.0/act_1/insights", Map.of(), 200, "application/json", "gzip", bytes.length,
            stored.size(), "", count));
        written += count;
      }
      Instant started = Instant.parse(dt + "T06:00:00Z");
      Files.write(folder.resolve(ZoneLayout.MANIFEST), new RawManifest("bench", "meta",
          "insights", dt, RUN, dt, dt, 1, started, started.plusSeconds(60), manifestPages)
          .toJson());
    }
    return written;
  }

  private static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
