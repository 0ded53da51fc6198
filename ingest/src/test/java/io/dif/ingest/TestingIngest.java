package io.dif.ingest;

import io.dif.control.ControlStores;
import io.dif.control.LocalKeyFiles;
import io.dif.control.SqliteControlDatabase;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.WritableCredentialStore;
import io.dif.core.state.StateStore;
import io.dif.extract.raw.LocalRawStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** A data folder with its control store, and the push sources the ingest tests use. */
final class TestingIngest {
  static final String CLIENTS = """
      version: 1
      client: %s
      sources:
        hooks:
          push:
            events: events
            uploads: files
            limits: { per_second: 1000, burst: 1000, max_body_bytes: 4096, max_depth: 8 }
          streams:
            events: { records: "" }
            files: { format: csv }
        signed:
          push:
            events: events
            signature: { secret: hooks_secret }
          streams:
            events: { records: "" }
        slow:
          push:
            events: events
            limits: { per_second: 1, burst: 2, daily_quota: 5 }
          streams:
            events: { records: "" }
      """;

  final Path data;
  final ControlStores stores;
  final StateStore states;
  final WritableCredentialStore credentials;
  final PushSources sources;

  TestingIngest(Path data) {
    this.data = data;
    this.stores = ControlStores.sqlite(SqliteControlDatabase.open(data.resolve("control.db")));
    this.states = stores.states(Clock.systemUTC());
    this.credentials = stores.credentials(new LocalKeyFiles(data.resolve("keys")
        .resolve("credentials.key")), Clock.systemUTC());
    ClientConfigLoader loader = new ClientConfigLoader();
    this.sources = new PushSources(Map.of(
        "acme", loader.parse("acme.yaml", CLIENTS.formatted("acme")),
        "beta", loader.parse("beta.yaml", CLIENTS.formatted("beta"))));
  }

  IngestServer server(IngestSettings settings) throws IOException {
    return new IngestServer(settings, sources, stores.apiKeys(), credentials, states,
        new LocalRawStore(settings.zones()), Clock.systemUTC());
  }

  IngestSettings settings() {
    return IngestSettings.defaults("127.0.0.1", 0, data);
  }

  String key(String client, String source) {
    return new ApiKeyIssuer(stores.apiKeys(), credentials, Clock.systemUTC())
        .create(client, source).key();
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest.Builder post(int port, String path, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  static String events(String client, String source) {
    return "/v1/clients/" + client + "/sources/" + source + "/events";
  }

  static boolean exists(Path path) {
    return Files.exists(path);
  }
}
