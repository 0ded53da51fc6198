package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client whose streams fail in different ways, run by {@code dif run}: a plain stream and an
 * asynchronous report stream that work, a stream whose cursor repeats (a pagination loop) and a
 * stream whose every row is invalid. The run delivers what it can — both healthy datasets reach
 * the warehouse on the first run, the report stream included — then reports each failure with
 * its stream or dataset and exits with the most severe code.
 */
class PartialRunIT {
  private static HttpServer api;
  private static final Map<String, AtomicInteger> reports = new ConcurrentHashMap<>();
  private static final List<String> unexpected = new ArrayList<>();

  @TempDir
  static Path temp;

  @BeforeAll
  static void startApi() throws IOException {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/", PartialRunIT::answer);
    api.start();
  }

  @AfterAll
  static void stopApi() {
    api.stop(0);
  }

  /** A platform-shaped API: a list, a report job (create, poll twice, download), a loop. */
  private static void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    String base = "http://127.0.0.1:" + api.getAddress().getPort();
    if (method.equals("GET") && path.equals("/items")) {
      send(exchange, 200, "{\"data\":[{\"id\":\"a\",\"value\":1},{\"id\":\"b\",\"value\":2}]}");
    } else if (method.equals("POST") && path.equals("/reports")) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String day = body.replaceAll("(?s).*\"day\"\\s*:\\s*\"([0-9-]+)\".*", "$1");
      reports.put(day, new AtomicInteger());
      send(exchange, 200, "{\"reportId\":\"" + day + "\"}");
    } else if (method.equals("GET") && path.startsWith("/reports/")) {
      String id = path.substring("/reports/".length());
      AtomicInteger polls = reports.get(id);
      if (polls == null) {
        send(exchange, 404, "{\"message\":\"no such report\"}");
      } else if (polls.incrementAndGet() < 2) {
        send(exchange, 200, "{\"status\":\"PENDING\"}");
      } else {
        send(exchange, 200, "{\"status\":\"COMPLETED\",\"url\":\"" + base + "/files/" + id
            + ".json\"}");
      }
    } else if (method.equals("GET") && path.startsWith("/files/")) {
      String day = path.substring("/files/".length(), path.length() - ".json".length());
      int dayOfMonth = Integer.parseInt(day.substring(8));
      send(exchange, 200, "[{\"day\":\"" + day + "\",\"clicks\":" + dayOfMonth
          + "},{\"day\":\"" + day + "\",\"clicks\":100}]");
    } else if (method.equals("GET") && path.equals("/looping")) {
      // the cursor never moves on: a platform bug DIF must stop, not follow forever
      send(exchange, 200, "{\"data\":[{\"id\":\"x\"}],\"next\":\"c1\"}");
    } else if (method.equals("GET") && path.equals("/invalid")) {
      send(exchange, 200, "{\"data\":[{\"id\":\"i1\",\"value\":\"n/a\"},"
          + "{\"id\":\"i2\",\"value\":\"n/a\"}]}");
    } else {
      unexpected.add(method + " " + path);
      send(exchange, 404, "{}");
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static String config(int port) {
    return """
        version: 1
        client: partial
        sources:
          api:
            base_url: http://127.0.0.1:%d
            streams:
              items:
                request: { path: /items }
                records: /data
              reports:
                request:
                  method: post
                  path: /reports
                  body: '{"day": "{window_start}"}'
                records: ""
                report:
                  report_id: /reportId
                  poll: { path: "/reports/{report_id}" }
                  status: /status
                  running: [PENDING]
                  done: [COMPLETED]
                  failed: [FAILURE]
                  download_url: /url
                  interval: PT0.1S
                  format: json
                window: { start: 2024-01-01, end: 2024-01-02, step: P1D }
              looping:
                request: { path: /looping }
                records: /data
                paginate: { type: cursor, token: /next, param: after, until_missing: /next }
              invalid:
                request: { path: /invalid }
                records: /data
        datasets:
          items:
            from: api.items
            columns:
              - { name: id, type: string, required: true }
              - { name: value, type: long }
            key: [id]
            destination: { table: partial.items, mode: merge }
          report_rows:
            from: api.reports
            columns:
              - { name: day, type: date, required: true }
              - { name: clicks, type: long, required: true }
            key: [day, clicks]
            destination: { table: partial.report_rows, mode: merge }
          looping_rows:
            from: api.looping
            columns:
              - { name: id, type: string, required: true }
            key: [id]
            destination: { table: partial.looping_rows, mode: merge }
          invalid_rows:
            from: api.invalid
            columns:
              - { name: id, type: string, required: true }
              - { name: value, type: long, required: true }
            key: [id]
            destination: { table: partial.invalid_rows, mode: merge }
        """.formatted(port);
  }

  @Test
  void healthyStreamsReachTheWarehouseAndEachFailureIsReportedWithTheMostSevereCode()
      throws Exception {
    Path conf = Files.createDirectories(temp.resolve("conf"));
    Files.writeString(conf.resolve("partial.yaml"), config(api.getAddress().getPort()));
    Path data = temp.resolve("data");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      var command = DifCommand.commandLine();
      command.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
      exit = command.execute("run", "--client", "partial", "--conf-dir", conf.toString(),
          "--data-dir", data.toString(), "--json");
    } finally {
      System.setOut(originalOut);
    }
    String errors = err.toString(StandardCharsets.UTF_8);
    originalOut.print(out.toString(StandardCharsets.UTF_8));
    originalOut.print(errors);

    assertThat(exit).as("a pagination loop and all-invalid rows are rejections").isEqualTo(2);
    assertThat(errors).contains("2 part(s) of the run failed")
        .contains("stream partial.api.looping: ").contains("cursor repeated")
        .contains("delivery of dataset partial.invalid_rows: ")
        .doesNotContain("\tat ");
    assertThat(rows(data, "SELECT id, value FROM partial.items ORDER BY id"))
        .containsExactly("a|1", "b|2");
    assertThat(rows(data, "SELECT day, clicks FROM partial.report_rows ORDER BY day, clicks"))
        .containsExactly("2024-01-01|1", "2024-01-01|100", "2024-01-02|2", "2024-01-02|100");
    assertThat(reports).containsOnlyKeys("2024-01-01", "2024-01-02");

    // the same story for machines: one JSON object on stdout
    var summary = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(summary.at("/client").asText()).isEqualTo("partial");
    assertThat(summary.at("/load/tables")).extracting(table -> table.at("/table").asText())
        .contains("partial.items", "partial.report_rows");
    assertThat(summary.at("/failures")).extracting(failure -> failure.at("/part").asText()
        + " " + failure.at("/error_code").asText() + " " + failure.at("/retriable").asBoolean())
        .containsExactly("stream partial.api.looping PAGINATION_LOOP false",
            "delivery of dataset partial.invalid_rows DATA_INVALID false");
    assertThat(unexpected).isEmpty();
  }

  private static List<String> rows(Path data, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"
        + data.resolve("warehouse.duckdb")); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      while (r.next()) {
        rows.add(r.getString(1) + "|" + r.getString(2));
      }
    }
    return rows;
  }
}
