package io.dif.extract.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.ExtractionResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example jdbc_postgres.yaml against PostgreSQL: an initial load, an incremental run after
 * updates, inserts and late rows, a same-day rerun, a worker killed mid-run and resumed, and a
 * page far larger than the worker's heap.
 */
class JdbcExtractionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate DAY_1 = LocalDate.of(2024, 3, 1);
  private static final LocalDate DAY_2 = LocalDate.of(2024, 3, 2);

  @Test
  void incrementalRunsReadUpdatesInsertsAndLateRowsWithinTheLookback(@TempDir Path temp)
      throws Exception {
    sql("DROP SCHEMA IF EXISTS incremental CASCADE", "CREATE SCHEMA incremental",
        "CREATE TABLE incremental.orders (id bigint PRIMARY KEY, customer text,"
            + " amount numeric(18,4), updated_at timestamp NOT NULL, payload bytea,"
            + " extra jsonb, shipped boolean, created date)",
        // rows 1-3 share a watermark: the key orders them across page boundaries (page_size 2)
        "INSERT INTO incremental.orders SELECT i, 'c' || i, i * 1.5 + 0.0001,"
            + " timestamp '2024-02-29 00:00' + greatest(i, 3) * interval '1 hour',"
            + " decode('00ff', 'hex'), '{\"n\": 1}', i % 2 = 0, date '2024-02-01'"
            + " FROM generate_series(1, 10) i",
        "UPDATE incremental.orders SET customer = NULL, payload = NULL, extra = NULL WHERE id = 4");
    Path raw = temp.resolve("raw");
    Path control = temp.resolve("control.db");
    var config = JdbcExtractionWorker.config("incremental.orders", 2, 2);

    run(raw, control, config, DAY_1);
    List<JsonNode> first = rows(raw, DAY_1);
    assertThat(ids(first)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(lastManifest(raw, DAY_1).pages()).hasSize(5);
    JsonNode one = first.get(0);
    assertThat(one.get("amount").isBigDecimal() || one.get("amount").isNumber()).isTrue();
    assertThat(one.get("amount").toString()).isEqualTo("1.5001");
    assertThat(one.get("updated_at").asText()).isEqualTo("2024-02-29T03:00:00Z");
    assertThat(one.get("payload").asText()).isEqualTo("AP8=");
    assertThat(one.get("extra").get("n").asInt()).isEqualTo(1);
    assertThat(one.get("shipped").isBoolean()).isTrue();
    assertThat(one.get("created").asText()).isEqualTo("2024-02-01");
    JsonNode four = first.get(3);
    assertThat(four.has("customer")).isTrue();
    assertThat(four.get("customer").isNull()).isTrue();
    assertThat(four.get("payload").isNull()).isTrue();

    // after the first run (mark 2024-02-29 10:00, lookback PT1H): two updates, two inserts, a
    // row committed late inside the lookback and one too late for it
    sql("UPDATE incremental.orders SET amount = 99, updated_at = '2024-02-29 12:00'"
            + " WHERE id IN (2, 5)",
        "INSERT INTO incremental.orders (id, customer, updated_at) VALUES"
            + " (11, 'new', '2024-02-29 13:00'), (12, 'new', '2024-02-29 13:00'),"
            + " (13, 'late', '2024-02-29 09:30'), (14, 'too late', '2024-02-29 08:00')");
    run(raw, control, config, DAY_2);
    // from 09:00 on: 9 and 10 again (inside the lookback), the late 13, the updated 2 and 5,
    // the new 11 and 12; never 14, older than the lookback
    assertThat(ids(rows(raw, DAY_2))).containsExactly(9L, 13L, 10L, 2L, 5L, 11L, 12L);

    // a second run on the same day reads again from where the day began: the date's newest
    // run (which supersedes the other) holds every row of the date
    sql("INSERT INTO incremental.orders (id, customer, updated_at) VALUES"
        + " (15, 'evening', '2024-02-29 14:00')");
    run(raw, control, config, DAY_2);
    assertThat(ids(rows(raw, DAY_2))).containsExactly(9L, 13L, 10L, 2L, 5L, 11L, 12L, 15L);

    // nothing new: the next day reads only the rows inside the lookback again
    run(raw, control, config, DAY_2.plusDays(1));
    assertThat(ids(rows(raw, DAY_2.plusDays(1)))).containsExactly(11L, 12L, 15L);
  }

  @Test
  void aWorkerKilledMidRunResumesWithNothingLostNorTwice(@TempDir Path temp) throws Exception {
    sql("DROP SCHEMA IF EXISTS killed CASCADE", "CREATE SCHEMA killed",
        "CREATE TABLE killed.orders (id bigint PRIMARY KEY, customer text,"
            + " updated_at timestamptz NOT NULL)",
        // groups of 7 rows share a watermark, so pages end inside groups
        "INSERT INTO killed.orders SELECT i, md5(i::text),"
            + " timestamptz '2024-01-01 00:00Z' + (i / 7) * interval '1 second'"
            + " FROM generate_series(1, 3000) i");
    Path raw = temp.resolve("raw");
    Path control = temp.resolve("control.db");
    Random random = new Random(20240301L);
    int kills = 0;
    boolean done = false;
    for (int attempt = 0; attempt < 40 && !done; attempt++) {
      done = runWorker(raw, control, "killed.orders", 100, 30, "-Xmx64m",
          2 + random.nextInt(7));
      kills += done ? 0 : 1;
    }
    assertThat(done).isTrue();
    assertThat(kills).as("the worker was killed several times").isGreaterThanOrEqualTo(3);
    List<Long> ids = ids(rows(raw, DAY_1));
    assertThat(ids).hasSize(3000).doesNotHaveDuplicates();
    assertThat(ids.get(0)).isEqualTo(1L);
    assertThat(ids.get(2999)).isEqualTo(3000L);
    List<Path> runs;
    try (Stream<Path> walk = Files.walk(raw)) {
      runs = walk.filter(p -> p.getFileName().toString().startsWith("run=")).toList();
    }
    assertThat(runs).as("the killed run was resumed, not begun again").hasSize(1);
    try (Stream<Path> files = Files.list(runs.get(0))) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("page-"))
          .sorted().toList()).isEqualTo(lastManifest(raw, DAY_1).pages().stream()
          .map(RawManifest.Page::file).sorted().toList());
    }
  }

  @Test
  void aPageLargerThanTheHeapIsStreamed(@TempDir Path temp) throws Exception {
    sql("DROP SCHEMA IF EXISTS large CASCADE", "CREATE SCHEMA large",
        "CREATE TABLE large.orders (id bigint PRIMARY KEY, note text, updated_at bigint)",
        // about 120 MB of rows, read in one page by a worker with 40 MB of heap
        "INSERT INTO large.orders SELECT i, repeat(md5(i::text), 16), i"
            + " FROM generate_series(1, 200000) i");
    Path raw = temp.resolve("raw");
    Path control = temp.resolve("control.db");
    String config = "large.orders";
    assertThat(runWorker(raw, control, config, 200000, 500, "-Xmx40m", Integer.MAX_VALUE))
        .isTrue();
    RawManifest manifest = lastManifest(raw, DAY_1);
    assertThat(manifest.pages()).hasSize(1);
    assertThat(manifest.totalRecords()).isEqualTo(200000);
    assertThat(manifest.totalBytes()).isGreaterThan(100_000_000L);
  }

  private static void run(Path raw, Path control, io.dif.core.config.ClientConfig config,
      LocalDate dt) {
    ExtractionResult result = JdbcExtractionWorker.extract(raw, control, journal -> journal,
        config, dt);
    result.failures().forEach(failure -> {
      throw failure.error();
    });
  }

  /** Runs the worker (dt = DAY_1); kills it after {@code killAfter} pages. True if it finished. */
  private static boolean runWorker(Path raw, Path control, String table, int pageSize,
      int fetchSize, String heap, int killAfter) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
        "bin", "java").toString(), heap, "-cp", System.getProperty("java.class.path"),
        JdbcExtractionWorker.class.getName(), raw.toString(), control.toString(), table,
        Integer.toString(pageSize), Integer.toString(fetchSize), DAY_1.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PG_URL", TestingPostgres.url());
    Process worker = builder.start();
    int landed = 0;
    boolean done = false;
    List<String> output = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(
        worker.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        output.add(line);
        if (line.startsWith("LANDED ") && ++landed == killAfter) {
          worker.destroyForcibly(); // SIGKILL
          break;
        }
        done |= line.equals("DONE");
      }
    }
    assertThat(worker.waitFor(2, TimeUnit.MINUTES)).isTrue();
    if (!done && landed < killAfter) {
      assertThat(worker.exitValue()).as(String.join("\n", output)).isZero();
    }
    return done;
  }

  private static void sql(String... statements) throws SQLException {
    try (Connection connection = TestingPostgres.connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static List<Long> ids(List<JsonNode> rows) {
    return rows.stream().map(row -> row.get("id").asLong()).toList();
  }

  /** The rows of the run of {@code dt} committed last, in page order. */
  private static List<JsonNode> rows(Path raw, LocalDate dt) throws IOException {
    RawManifest manifest = lastManifest(raw, dt);
    Path folder = runFolder(raw, dt, manifest.runId());
    List<JsonNode> rows = new ArrayList<>();
    for (RawManifest.Page page : manifest.pages()) {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(
          Files.newInputStream(folder.resolve(page.file()))), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          rows.add(JSON.readTree(line));
        }
      }
      assertThat(page.records()).isPositive();
    }
    return rows;
  }

  private static RawManifest lastManifest(Path raw, LocalDate dt) throws IOException {
    Map<java.time.Instant, RawManifest> byCommit = new TreeMap<>();
    Path dtFolder = raw.resolve("raw").resolve(JdbcExtractionWorker.CLIENT).resolve("shop_db")
        .resolve("orders").resolve("dt=" + dt);
    try (Stream<Path> walk = Files.walk(dtFolder)) {
      for (Path manifest : walk.filter(p -> p.getFileName().toString()
          .equals(ZoneLayout.MANIFEST)).toList()) {
        try (InputStream in = Files.newInputStream(manifest)) {
          RawManifest read = RawManifest.fromJson(in);
          byCommit.put(read.committedAt(), read);
        }
      }
    }
    assertThat(byCommit).as("a committed run of %s", dt).isNotEmpty();
    return ((TreeMap<java.time.Instant, RawManifest>) byCommit).lastEntry().getValue();
  }

  private static Path runFolder(Path raw, LocalDate dt, String runId) {
    return raw.resolve("raw").resolve(JdbcExtractionWorker.CLIENT).resolve("shop_db")
        .resolve("orders").resolve("dt=" + dt).resolve("run=" + runId);
  }
}
