import io.dif.core.config.ClientConfigLoader;
import io.dif.core.config.DatasetConfig;
import io.dif.load.DuckDbLoader;
import io.dif.load.LoadBatch;
import io.dif.load.LoadResult;
import io.dif.load.PostgresLoader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;

/**
 * DIF's loaders against each database's own bulk load of the same curated rows, side by side in
 * one run: DuckDB read_parquet into a table, PostgreSQL COPY of the same rows (as CSV exported
 * beforehand, not timed). Prints times and ratios (bulk time / DIF time; 1.0 = as fast).
 * Usage: java -cp CLASSPATH bench/load/LoadBench.java [rows] [work-folder]
 */
public class LoadBench {
  static final int DAYS = 10;

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
    Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("dif-load-bench");
    Path curated = work.resolve("curated/bench/insights");
    Path csv = work.resolve("insights.csv");
    System.out.printf("rows: %,d in %d dt partitions; work folder %s%n", rows, DAYS, work);
    generate(rows, curated, csv);
    List<LocalDate> dates = IntStream.range(0, DAYS)
        .mapToObj(i -> LocalDate.of(2024, 1, 1).plusDays(i)).toList();
    LoadBatch batch = new LoadBatch("bench", "insights", dataset(), curated.toString(), dates);

    // DuckDB: its own bulk load, then DIF's loader, each into a fresh database file
    for (String file : List.of("bulk.duckdb", "bulk.duckdb.wal", "dif.duckdb", "dif.duckdb.wal")) {
      Files.deleteIfExists(work.resolve(file)); // a reused work folder holds the last run's
    }
    double duckBulk = time(() -> {
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + work.resolve("bulk.duckdb"));
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE insights AS SELECT * FROM read_parquet('" + curated
            + "/*/*.parquet', hive_partitioning = true)");
        check(s, "SELECT count(*) FROM insights", rows);
      }
    });
    double duckDif = time(() -> {
      try (DuckDbLoader loader = new DuckDbLoader(work.resolve("dif.duckdb"))) {
        LoadResult result = loader.load(batch);
        if (result.tableRows() != rows) {
          throw new IllegalStateException("DIF loaded " + result.tableRows() + " rows");
        }
      }
    });

    // PostgreSQL: one server (PG_URL, or embedded PostgreSQL 16), COPY vs DIF's loader
    EmbeddedPostgres embedded = null;
    String url = System.getenv("PG_URL");
    if (url == null || url.isBlank()) {
      embedded = EmbeddedPostgres.builder().start();
      url = embedded.getJdbcUrl("postgres", "postgres");
    }
    String pgUrl = url;
    try (Connection c = DriverManager.getConnection(pgUrl); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS bench_bulk CASCADE");
      s.execute("DROP SCHEMA IF EXISTS bench CASCADE");
      s.execute("CREATE SCHEMA bench_bulk");
      s.execute("CREATE TABLE bench_bulk.insights (ad_id TEXT, day DATE, spend DECIMAL(18,4),"
          + " impressions BIGINT, clicks BIGINT, seen_at TIMESTAMP, note TEXT, dt DATE)");
    }
    double pgBulk = time(() -> {
      try (Connection c = DriverManager.getConnection(pgUrl);
          InputStream in = new BufferedInputStream(Files.newInputStream(csv), 1 << 20)) {
        long copied = c.unwrap(PGConnection.class).getCopyAPI()
            .copyIn("COPY bench_bulk.insights FROM STDIN (FORMAT csv)", in);
        if (copied != rows) {
          throw new IllegalStateException("COPY loaded " + copied + " rows");
        }
      }
    });
    double pgDif = time(() -> {
      try (PostgresLoader loader = new PostgresLoader(pgUrl, new Properties())) {
        LoadResult result = loader.load(batch);
        if (result.tableRows() != rows) {
          throw new IllegalStateException("DIF loaded " + result.tableRows() + " rows");
        }
      }
    });
    if (embedded != null) {
      embedded.close();
    }

    System.out.println();
    System.out.printf("%-11s %16s %14s %8s%n", "warehouse", "own bulk load s", "DIF load s",
        "ratio");
    System.out.printf("%-11s %16.2f %14.2f %8.2f   (aim >= 0.9; bulk: read_parquet into a table)%n",
        "DuckDB", duckBulk, duckDif, duckBulk / duckDif);
    System.out.printf("%-11s %16.2f %14.2f %8.2f   (aim >= 0.8; bulk: COPY of the rows as CSV)%n",
        "PostgreSQL", pgBulk, pgDif, pgBulk / pgDif);
  }

  static DatasetConfig dataset() {
    return new ClientConfigLoader().parse("bench.yaml", """
        version: 1
        client: bench
        sources:
          ads: { base_url: https://ads.example.com, streams: { insights: { request: { path: /i } } } }
        datasets:
          insights:
            from: ads.insights
            columns:
              - { name: ad_id, type: string, required: true }
              - { name: day, type: date, required: true }
              - { name: spend, type: "decimal(18,4)" }
              - { name: impressions, type: long }
              - { name: clicks, type: long }
              - { name: seen_at, type: timestamp }
              - { name: note, type: string }
            key: [ad_id, day]
            destination: { table: bench.insights, mode: merge }
        """).datasets().get("insights");
  }

  /** Curated Parquet by dt (seeded, unique on the key), and the same rows as CSV for COPY. */
  static void generate(long rows, Path curated, Path csv) throws Exception {
    if (Files.exists(csv)) {
      System.out.println("reusing generated data");
      return;
    }
    Files.createDirectories(curated);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("CREATE TABLE rows AS SELECT 'ad_' || (i // " + DAYS + ") AS ad_id,"
          + " DATE '2024-01-01' + CAST(i % " + DAYS + " AS INTEGER) AS day,"
          + " CAST((hash(i) % 100000000) / 10000.0 AS DECIMAL(18,4)) AS spend,"
          + " CAST(hash(i + 1) % 1000000 AS BIGINT) AS impressions,"
          + " CAST(hash(i + 2) % 10000 AS BIGINT) AS clicks,"
          + " TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(CAST(hash(i + 3) % 864000000000 AS BIGINT)) AS seen_at,"
          + " CASE WHEN i % 7 = 0 THEN NULL WHEN i % 11 = 0 THEN '' ELSE 'campaign note ' || (i % 997) END AS note"
          + " FROM range(" + rows + ") AS t(i)");
      s.execute("COPY (SELECT *, day AS dt FROM rows) TO '" + curated
          + "' (FORMAT PARQUET, PARTITION_BY (dt), OVERWRITE_OR_IGNORE true)");
      s.execute("COPY (SELECT ad_id, day, spend, impressions, clicks, CAST(seen_at AS TIMESTAMP),"
          + " note, day FROM rows) TO '" + csv + "' (FORMAT CSV, HEADER false)");
    }
  }

  static void check(Statement s, String query, long expected) throws Exception {
    try (ResultSet r = s.executeQuery(query)) {
      r.next();
      if (r.getLong(1) != expected) {
        throw new IllegalStateException(query + " gave " + r.getLong(1));
      }
    }
  }

  interface Step {
    void run() throws Exception;
  }

  static double time(Step step) throws Exception {
    long start = System.nanoTime();
    step.run();
    return (System.nanoTime() - start) / 1e9;
  }
}
