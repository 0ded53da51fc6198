package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push side of the demo as a user drives it: {@code dif serve} and {@code dif keys create}
 * as real processes, events posted (X-Api-Key and Bearer), the server killed with SIGKILL and
 * started again, a CSV with bad rows uploaded by pre-signed URL, then transform and load: every
 * acknowledged event once in the warehouse, the upload's good rows too and its counts in its
 * status.
 */
class PushServeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("listening on (http://[^ ]+) ");
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path folder;

  private static String serverUrl(TestingDifProcess.Running server) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher matcher = LISTENING.matcher(Files.readString(server.out()));
      if (matcher.find()) {
        return matcher.group(1);
      }
      if (!server.process().isAlive()) {
        throw new AssertionError("dif serve ended: " + Files.readString(server.err()));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("dif serve did not start: " + Files.readString(server.err()));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String event(int n) {
    return "{\"id\":\"e" + n + "\",\"type\":\"purchase\",\"occurred_at\":\"2024-03-01T10:00:"
        + String.format("%02d", n % 60) + "Z\",\"campaign_id\":\"c" + (n % 3)
        + "\",\"amount\":\"" + n + ".50\",\"currency\":\"EUR\"}";
  }

  @Test
  void pushedEventsAndAnUploadReachTheWarehouseThroughAKill() throws Exception {
    Path data = folder.resolve("data");
    TestingDifProcess.Exit created = TestingDifProcess.start(data, "keys", "create", "demo",
        "webhooks").await();
    assertThat(created.code()).as(created.err()).isZero();
    String[] lines = created.out().strip().split("\n");
    String key = lines[lines.length - 1];
    assertThat(key).startsWith("difk_").doesNotContain(" ");

    TestingDifProcess.Running server = TestingDifProcess.start(data, "serve", "--port", "0",
        "--page-age", "1h");
    String url = serverUrl(server);
    String events = url + "/v1/clients/demo/sources/webhooks/events";
    int acknowledged = 0;
    for (int request = 0; request < 10; request++) {
      StringBuilder body = new StringBuilder("[");
      for (int i = 0; i < 5; i++) {
        body.append(i == 0 ? "" : ",").append(event(request * 5 + i));
      }
      HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(events))
          .POST(HttpRequest.BodyPublishers.ofString(body.append("]").toString()));
      post = request % 2 == 0 ? post.header("X-Api-Key", key)
          : post.header("Authorization", "Bearer " + key);
      HttpResponse<String> answer = send(post);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      acknowledged += JSON.readTree(answer.body()).get("accepted").asInt();
    }
    assertThat(send(HttpRequest.newBuilder(URI.create(events))
        .POST(HttpRequest.BodyPublishers.ofString(event(99)))).statusCode()).isEqualTo(401);
    assertThat(send(HttpRequest.newBuilder(URI.create(events)).header("X-Api-Key",
        key.substring(0, key.length() - 3) + "xyz")
        .POST(HttpRequest.BodyPublishers.ofString(event(99)))).statusCode()).isEqualTo(401);

    // killed before any page was committed: every acknowledged event is only in the log
    server.signal("KILL");
    server.process().waitFor();
    server = TestingDifProcess.start(data, "serve", "--port", "0");
    url = serverUrl(server);
    String uploadId;
    try {
      HttpResponse<String> upload = send(HttpRequest.newBuilder(URI.create(url
          + "/v1/clients/demo/sources/webhooks/uploads")).header("X-Api-Key", key)
          .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
      JsonNode presigned = JSON.readTree(upload.body());
      uploadId = presigned.get("upload_id").asText();
      String csv = "order_id,day,revenue,currency\n"
          + "o1,2024-03-01,10.00,EUR\no2,2024-03-01,-5.00,EUR\no3,not-a-date,1.00,USD\n"
          + "o4,2024-03-02,7.25,GBP\no5,2024-03-02,3.00,XXX\n";
      assertThat(send(HttpRequest.newBuilder(URI.create(presigned.get("url").asText()))
          .PUT(HttpRequest.BodyPublishers.ofString(csv))).statusCode()).isEqualTo(200);
    } finally {
      server.signal("TERM");
      assertThat(server.await().code()).isZero();
    }

    TestingDifProcess.Exit transform = TestingDifProcess.start(data, "transform", "--client",
        "demo", "--dataset", "webhook_events").await();
    assertThat(transform.code()).as(transform.err()).isZero();
    TestingDifProcess.Exit uploads = TestingDifProcess.start(data, "transform", "--client",
        "demo", "--dataset", "uploaded_conversions").await();
    assertThat(uploads.code()).as(uploads.err()).isZero();
    for (String dataset : new String[] {"webhook_events", "uploaded_conversions"}) {
      TestingDifProcess.Exit load = TestingDifProcess.start(data, "load", "--client", "demo",
          "--dataset", dataset).await();
      assertThat(load.code()).as(load.err()).isZero();
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"
        + data.resolve("warehouse.duckdb")); Statement s = c.createStatement()) {
      ResultSet rows = s.executeQuery("SELECT count(*), count(DISTINCT event_id)"
          + " FROM demo.webhook_events");
      rows.next();
      assertThat(rows.getLong(1)).isEqualTo(acknowledged);
      assertThat(rows.getLong(2)).isEqualTo(acknowledged);
      ResultSet orders = s.executeQuery("SELECT string_agg(order_id, ',' ORDER BY order_id)"
          + " FROM demo.uploaded_conversions");
      orders.next();
      assertThat(orders.getString(1)).isEqualTo("o1,o4");
    }

    server = TestingDifProcess.start(data, "serve", "--port", "0");
    try {
      HttpResponse<String> status = send(HttpRequest.newBuilder(URI.create(serverUrl(server)
          + "/v1/clients/demo/sources/webhooks/uploads/" + uploadId)).header("X-Api-Key", key)
          .GET());
      JsonNode answer = JSON.readTree(status.body());
      assertThat(answer.get("status").asText()).as(status.body()).isEqualTo("loaded");
      assertThat(answer.get("rows_read").asLong()).isEqualTo(5);
      assertThat(answer.get("rows_curated").asLong()).isEqualTo(2);
      assertThat(answer.get("rows_quarantined").asLong()).isEqualTo(3);
      assertThat(answer.get("top_reasons").size()).isPositive();
    } finally {
      server.signal("TERM");
      server.await();
    }
  }
}
