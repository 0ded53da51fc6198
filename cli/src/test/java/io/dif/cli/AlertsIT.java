package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dif.control.ControlStores;
import io.dif.control.LocalKeyFiles;
import io.dif.control.SqliteControlDatabase;
import io.dif.core.credential.CredentialKind;
import io.dif.core.credential.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream that fails, twice, then works: the failure is alerted once to the alerts log and to a
 * webhook receiver (a local HTTP server standing in for Slack), and once the stream works a
 * single "resolved" message follows; a further good run sends nothing.
 */
class AlertsIT {
  private static final String HOOK_PATH = "/services/T000/B000/secrettoken";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static HttpServer server;
  private static volatile boolean failing = true;
  private static final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
  private static final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

  @TempDir
  static Path temp;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", AlertsIT::answer);
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  /** The platform's list endpoint (refusing while failing) and the webhook receiver. */
  private static void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (method.equals("GET") && path.equals("/items")) {
      send(exchange, failing ? 400 : 200, failing ? "{\"error\":\"bad field\"}"
          : "{\"data\":[{\"id\":\"a\",\"value\":1}]}");
    } else if (method.equals("POST") && path.equals(HOOK_PATH)
        && "application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
      received.add(JSON.readTree(body));
      send(exchange, 200, "ok");
    } else {
      unexpected.add(method + " " + path);
      send(exchange, 404, "{}");
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static int extract(Path conf, Path data) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    var command = DifCommand.commandLine();
    command.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int exit = command.execute("extract", "--client", "alerted", "--conf-dir", conf.toString(),
        "--data-dir", data.toString(), "--alert-target", "webhook:ops_chat");
    System.err.print(err.toString(StandardCharsets.UTF_8));
    return exit;
  }

  private static List<JsonNode> log(Path data) throws IOException {
    Path file = data.resolve("alerts.log");
    if (!Files.exists(file)) {
      return List.of();
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  @Test
  void aFailingStreamAlertsOnceThenResolvesOnce() throws Exception {
    int port = server.getAddress().getPort();
    Path conf = Files.createDirectories(temp.resolve("conf"));
    Files.writeString(conf.resolve("alerted.yaml"), """
        version: 1
        client: alerted
        sources:
          api:
            base_url: http://127.0.0.1:%d
            streams:
              items:
                request: { path: /items }
                records: /data
        datasets:
          items:
            from: api.items
            columns:
              - { name: id, type: string, required: true }
              - { name: value, type: long }
            key: [id]
            destination: { table: alerted.items, mode: merge }
        """.formatted(port));
    Path data = temp.resolve("data");
    try (ControlStores stores = ControlStores.sqlite(SqliteControlDatabase.open(
        data.resolve("control.db")))) {
      stores.credentials(new LocalKeyFiles(data.resolve("keys").resolve("credentials.key")),
          Clock.systemUTC()).put("_deployment", "ops_chat", CredentialKind.API_KEY,
          Secret.of("http://127.0.0.1:" + port + HOOK_PATH));
    }

    assertThat(extract(conf, data)).isEqualTo(2);
    assertThat(extract(conf, data)).as("failing again").isEqualTo(2);
    assertThat(received).hasSize(1);
    JsonNode firing = received.get(0);
    assertThat(firing.at("/text").asText()).startsWith("[DIF] FAILED alerted: stream"
        + " alerted.api.items (HTTP_REJECTED, ").contains(" Next: ");
    assertThat(firing.at("/dif/state").asText()).isEqualTo("firing");
    assertThat(firing.at("/dif/subject").asText()).isEqualTo("stream alerted.api.items");
    assertThat(firing.toString()).doesNotContain("secrettoken");
    assertThat(log(data)).hasSize(1).first().satisfies(line -> {
      assertThat(line.at("/state").asText()).isEqualTo("firing");
      assertThat(line.at("/code").asText()).isEqualTo("HTTP_REJECTED");
      assertThat(line.at("/message").asText()).isEqualTo(firing.at("/dif/message").asText());
    });

    failing = false;
    assertThat(extract(conf, data)).isZero();
    assertThat(extract(conf, data)).as("working again").isZero();
    assertThat(received).hasSize(2);
    assertThat(received.get(1).at("/dif/state").asText()).isEqualTo("resolved");
    assertThat(received.get(1).at("/text").asText()).startsWith("[DIF] RESOLVED alerted:"
        + " stream alerted.api.items (HTTP_REJECTED, ");
    assertThat(log(data)).extracting(line -> line.at("/state").asText())
        .containsExactly("firing", "resolved");
    assertThat(unexpected).isEmpty();
  }
}
