package io.dif.ingest;

import static io.dif.ingest.TestingIngest.events;
import static io.dif.ingest.TestingIngest.post;
import static io.dif.ingest.TestingIngest.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.credential.CredentialKind;
import io.dif.core.credential.Secret;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dif serve in this JVM: keys, limits, signatures, idempotency, landing, uploads. */
class IngestServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
      "a signing secret of 32 bytes!!!!".getBytes(StandardCharsets.UTF_8));

  @TempDir
  static Path data;
  static TestingIngest ingest;
  static IngestServer server;
  static int port;
  static String hooksKey;

  @BeforeAll
  static void start() throws Exception {
    ingest = new TestingIngest(data);
    ingest.credentials.put("acme", "hooks_secret", CredentialKind.CLIENT_SECRET,
        Secret.of(SECRET));
    server = ingest.server(ingest.settings()).start();
    port = server.port();
    hooksKey = ingest.key("acme", "hooks");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static HttpResponse<String> postEvents(String source, String key, String body)
      throws Exception {
    return send(post(port, events("acme", source), body).header("X-Api-Key", key));
  }

  @Test
  void objectsArraysNdjsonAndGzipLandAsRawPagesRecordedLanded() throws Exception {
    String run = UUID.randomUUID().toString();
    HttpResponse<String> object = postEvents("hooks", hooksKey,
        "{\"id\":\"" + run + "-1\",\"type\":\"click\"}");
    assertThat(object.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(object.body()).get("accepted").asInt()).isEqualTo(1);
    HttpResponse<String> array = send(post(port, events("acme", "hooks"),
        "[{\"id\":\"" + run + "-2\"},{\"id\":\"" + run + "-3\"}]")
        .header("Authorization", "Bearer " + hooksKey));
    assertThat(array.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(array.body()).get("accepted").asInt()).isEqualTo(2);
    HttpResponse<String> ndjson = send(post(port, events("acme", "hooks"),
        "{\"id\":\"" + run + "-4\"}\n{\"id\":\"" + run + "-5\",\"text\":\"a\\nb\"}\n")
        .setHeader("Content-Type", "application/x-ndjson").header("X-Api-Key", hooksKey));
    assertThat(ndjson.statusCode()).isEqualTo(202);
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      gzip.write(("[{\"id\":\"" + run + "-6\"}]").getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> gzipped = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + port + events("acme", "hooks"))).header("Content-Encoding", "gzip")
        .header("X-Api-Key", hooksKey)
        .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())));
    assertThat(gzipped.statusCode()).isEqualTo(202);

    server.commitNow();
    List<String> ids = RawEvents.of(data, "acme", "hooks", "events").stream()
        .map(e -> e.get("id").asText()).filter(id -> id.startsWith(run)).toList();
    assertThat(ids).containsExactly(run + "-1", run + "-2", run + "-3", run + "-4", run + "-5",
        run + "-6");
    List<DocumentStatus> documents = ingest.states.find(DocumentQuery.client("acme")
        .source("hooks"));
    assertThat(documents).isNotEmpty().allMatch(d -> d.state() == DocumentState.LANDED
        && d.id().runId().endsWith("-push") && d.id().stream().equals("events"));
  }

  @Test
  void keysOfNobodyOrOfAnotherClientOrSourceAreRefused() throws Exception {
    String body = "{\"id\":\"x\"}";
    assertThat(send(post(port, events("acme", "hooks"), body)).statusCode()).isEqualTo(401);
    String wrong = hooksKey.substring(0, hooksKey.length() - 4) + "AAAA";
    HttpResponse<String> wrongKey = postEvents("hooks", wrong, body);
    assertThat(wrongKey.statusCode()).isEqualTo(401);
    assertThat(wrongKey.body()).doesNotContain(wrong);
    assertThat(postEvents("hooks", "not-a-dif-key", body).statusCode()).isEqualTo(401);
    HttpResponse<String> otherClient = send(post(port, events("beta", "hooks"), body)
        .header("X-Api-Key", hooksKey));
    assertThat(otherClient.statusCode()).isEqualTo(403);
    assertThat(otherClient.body()).contains("acme.hooks only").doesNotContain(hooksKey);
    assertThat(postEvents("slow", hooksKey, body).statusCode()).isEqualTo(403);
    assertThat(postEvents("nosuch", hooksKey, body).statusCode()).isEqualTo(404);

    String revoked = ingest.key("acme", "hooks");
    ingest.stores.apiKeys().revoke(io.dif.core.apikey.ApiKeys.idOf(revoked).orElseThrow(),
        Instant.now());
    HttpResponse<String> refused = postEvents("hooks", revoked, body);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("revoked");
  }

  @Test
  void bodiesAreCheckedBeforeAndWhileParsing() throws Exception {
    HttpResponse<String> tooBig = postEvents("hooks", hooksKey, "[" + "{\"a\":1},".repeat(600)
        + "{}]");
    assertThat(tooBig.statusCode()).isEqualTo(413);
    // no Content-Length: the bytes are counted as they come
    HttpResponse<String> chunked = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + port + events("acme", "hooks"))).header("X-Api-Key", hooksKey)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
            ("[" + "{\"a\":1},".repeat(600) + "{}]").getBytes(StandardCharsets.UTF_8)))));
    assertThat(chunked.statusCode()).isEqualTo(413);
    HttpResponse<String> csv = send(post(port, events("acme", "hooks"), "a,b\n1,2")
        .setHeader("Content-Type", "text/csv").header("X-Api-Key", hooksKey));
    assertThat(csv.statusCode()).isEqualTo(415);
    HttpResponse<String> broken = postEvents("hooks", hooksKey,
        "{\"id\":\"1\"}\n{\"id\": secret-value}");
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(broken.body()).contains("invalid JSON at line 2, column")
        .doesNotContain("secret-value");
    HttpResponse<String> deep = postEvents("hooks", hooksKey, "{\"a\":".repeat(20) + "1"
        + "}".repeat(20));
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(deep.body()).contains("nested too deep");
    assertThat(postEvents("hooks", hooksKey, "[1,2]").body())
        .contains("an event must be a JSON object, found a number");
    assertThat(postEvents("hooks", hooksKey, "  ").statusCode()).isEqualTo(400);
  }

  @Test
  void rateAndDailyQuotaAnswer429WithRetryAfter() throws Exception {
    String key = ingest.key("acme", "slow");
    int accepted = 0;
    HttpResponse<String> limited = null;
    for (int i = 0; i < 5 && limited == null; i++) {
      HttpResponse<String> response = postEvents("slow", key, "{\"n\":" + i + "}");
      if (response.statusCode() == 429) {
        limited = response;
      } else {
        assertThat(response.statusCode()).isEqualTo(202);
        accepted++;
      }
    }
    assertThat(limited).isNotNull();
    assertThat(accepted).isBetween(2, 4);
    assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
        seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 2L));
    Thread.sleep(1100); // the bucket refills one request per second
    HttpResponse<String> overQuota = postEvents("slow", key,
        "[{},{},{},{},{},{},{},{},{},{}]");
    assertThat(overQuota.statusCode()).isEqualTo(429);
    assertThat(overQuota.body()).contains("daily quota of 5 events");
    assertThat(Long.parseLong(overQuota.headers().firstValue("Retry-After").orElseThrow()))
        .isPositive();
  }

  private static HttpRequest.Builder signed(String key, String id, long timestamp, String body,
      String signature) {
    return post(port, events("acme", "signed"), body).header("X-Api-Key", key)
        .header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
        .header("webhook-signature", signature);
  }

  @Test
  void signedWebhooksAreCheckedAndARepeatedIdLandsOnce() throws Exception {
    String key = ingest.key("acme", "signed");
    byte[] signingKey = WebhookSignature.key(SECRET);
    String id = "msg_" + UUID.randomUUID();
    long now = Instant.now().getEpochSecond();
    String body = "{\"id\":\"" + id + "\",\"type\":\"order.paid\"}";
    String signature = WebhookSignature.sign(signingKey, id, now, body.getBytes(
        StandardCharsets.UTF_8));

    HttpResponse<String> first = send(signed(key, id, now, body, "v0,xyz " + signature));
    assertThat(first.statusCode()).isEqualTo(202);
    HttpResponse<String> again = send(signed(key, id, now, body, signature));
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");

    HttpResponse<String> tampered = send(signed(key, id + "x", now, body.replace("paid",
        "free"), signature));
    assertThat(tampered.statusCode()).isEqualTo(401);
    assertThat(tampered.body()).contains("no v1 signature matches").doesNotContain(SECRET)
        .doesNotContain(SECRET.substring(6));
    long old = now - 301;
    HttpResponse<String> stale = send(signed(key, id + "y", old, body, WebhookSignature.sign(
        signingKey, id + "y", old, body.getBytes(StandardCharsets.UTF_8))));
    assertThat(stale.statusCode()).isEqualTo(401);
    assertThat(stale.body()).contains("tolerance 300 s");
    HttpResponse<String> unsigned = send(post(port, events("acme", "signed"), body)
        .header("X-Api-Key", key));
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(unsigned.body()).contains("no webhook-id header");

    server.commitNow();
    assertThat(RawEvents.of(data, "acme", "signed", "events").stream()
        .filter(e -> e.get("id").asText().equals(id))).hasSize(1);
  }

  @Test
  void anIdempotencyKeyGetsTheSameAnswerWithoutSignatures() throws Exception {
    String id = "order-" + UUID.randomUUID();
    HttpResponse<String> first = send(post(port, events("acme", "hooks"),
        "{\"id\":\"" + id + "\"}").header("X-Api-Key", hooksKey).header("Idempotency-Key", id));
    HttpResponse<String> second = send(post(port, events("acme", "hooks"),
        "{\"id\":\"" + id + "\"}").header("X-Api-Key", hooksKey).header("Idempotency-Key", id));
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(second.body()).isEqualTo(first.body());
    server.commitNow();
    assertThat(RawEvents.of(data, "acme", "hooks", "events").stream()
        .filter(e -> e.get("id").asText().equals(id))).hasSize(1);
  }

  @Test
  void anUploadByPresignedUrlLandsOneDocumentOnce() throws Exception {
    HttpResponse<String> created = send(post(port, "/v1/clients/acme/sources/hooks/uploads", "{}")
        .header("X-Api-Key", hooksKey));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode upload = JSON.readTree(created.body());
    String url = upload.get("url").asText();
    assertThat(Instant.parse(upload.get("expires_at").asText()))
        .isBefore(Instant.now().plusSeconds(15 * 60 + 1));
    assertThat(send(post(port, "/v1/clients/acme/sources/hooks/uploads", "{}")).statusCode())
        .isEqualTo(401);

    HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(url.replaceAll(
        "signature=[^&]+", "signature=forged"))).PUT(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(forged.statusCode()).isEqualTo(403);
    String csv = "order_id,day,revenue\nA1,2024-03-01,10.5\n";
    HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(url))
        .PUT(HttpRequest.BodyPublishers.ofString(csv)));
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(put.body()).get("status").asText()).isEqualTo("received");
    HttpResponse<String> twice = send(HttpRequest.newBuilder(URI.create(url))
        .PUT(HttpRequest.BodyPublishers.ofString(csv)));
    assertThat(twice.statusCode()).isEqualTo(409);

    HttpResponse<String> status = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + port + "/v1/clients/acme/sources/hooks/uploads/" + upload.get("upload_id").asText()))
        .header("X-Api-Key", hooksKey).GET());
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(status.body()).get("status").asText()).isEqualTo("received");
    List<DocumentStatus> files = ingest.states.find(DocumentQuery.client("acme")
        .source("hooks")).stream().filter(d -> d.id().stream().equals("files")).toList();
    assertThat(files).hasSize(1);
    assertThat(files.get(0).id().name()).endsWith(".csv");
    assertThat(java.nio.file.Files.readString(data.resolve("raw/acme/hooks/files/dt="
        + files.get(0).id().date() + "/run=" + files.get(0).id().runId() + "/"
        + files.get(0).id().name()))).isEqualTo(csv);
  }
}
