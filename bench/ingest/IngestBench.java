import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.control.ControlStores;
import io.dif.control.LocalKeyFiles;
import io.dif.control.SqliteControlDatabase;
import io.dif.core.zone.RawManifest;
import io.dif.extract.raw.LocalRawStore;
import io.dif.ingest.ApiKeyIssuer;
import io.dif.ingest.IngestServer;
import io.dif.ingest.IngestSettings;
import io.dif.ingest.PushSources;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Load generator for dif serve on loopback, bounded in events and seconds: many clients and keys,
 * concurrent senders; reports sustained events/s and p50/p99 latency of acknowledged requests,
 * then checks events landed = events acknowledged (every id once). With "kill", the server is
 * killed with SIGKILL midway and started again; senders retry what was not acknowledged.
 *
 * usage: IngestBench [events=200000] [batch=20] [threads=16] [clients=4] [max-seconds=120] [kill]
 */
public class IngestBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("server")) {
      serve(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
      return;
    }
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    int maxSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 120;
    boolean kill = args.length > 5 && args[5].equals("kill");
    Path work = Files.createTempDirectory("dif-ingest-bench");
    Path data = work.resolve("data");
    Path conf = work.resolve("conf");
    Files.createDirectories(conf);
    List<String> keys = new ArrayList<>();
    try (ControlStores stores = ControlStores.sqlite(SqliteControlDatabase.open(
        data.resolve("control.db")))) {
      var credentials = stores.credentials(new LocalKeyFiles(data.resolve("keys")
          .resolve("credentials.key")), Clock.systemUTC());
      for (int c = 0; c < clients; c++) {
        Files.writeString(conf.resolve("c" + c + ".yaml"), """
            version: 1
            client: c%d
            sources:
              hooks:
                push:
                  events: events
                  limits: { per_second: 100000, burst: 100000, daily_quota: 100000000 }
                streams:
                  events: { records: "" }
            """.formatted(c));
        keys.add(new ApiKeyIssuer(stores.apiKeys(), credentials, Clock.systemUTC())
            .create("c" + c, "hooks").key());
      }
    }
    Path portFile = work.resolve("port");
    Process server = start(data, conf, portFile);
    int[] port = {awaitPort(portFile, server)};
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int requests = events / batch;
    AtomicInteger next = new AtomicInteger();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong retried = new AtomicLong();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(maxSeconds).toNanos();
    long started = System.nanoTime();
    Object restart = new Object();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<java.util.concurrent.Future<?>> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      senders.add(pool.submit(() -> {
        int request;
        while ((request = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
          int client = request % clients;
          StringBuilder body = new StringBuilder("[");
          for (int i = 0; i < batch; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(request).append('-')
                .append(i).append("\",\"type\":\"bench\",\"value\":").append(i).append('}');
          }
          body.append(']');
          while (System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            try {
              HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(
                  "http://127.0.0.1:" + port[0] + "/v1/clients/c" + client
                      + "/sources/hooks/events")).header("X-Api-Key", keys.get(client))
                  .header("Idempotency-Key", "r" + request).timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                  HttpResponse.BodyHandlers.ofString());
              if (answer.statusCode() == 202) {
                latencies.add(System.nanoTime() - sent);
                acknowledged.addAndGet(JSON.readTree(answer.body()).get("accepted").asInt());
                break;
              }
              throw new IllegalStateException("HTTP " + answer.statusCode() + " " + answer.body());
            } catch (java.io.IOException e) {
              retried.incrementAndGet(); // the server is down (killed): send it again
              synchronized (restart) {
                try {
                  restart.wait(200);
                } catch (InterruptedException stop) {
                  return null;
                }
              }
            }
          }
        }
        return null;
      }));
    }
    if (kill) {
      while (next.get() < requests / 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      server.destroyForcibly().waitFor(); // SIGKILL
      Files.deleteIfExists(portFile);
      System.out.println("killed the server (SIGKILL) after " + acknowledged.get()
          + " events acknowledged; starting it again");
      server = start(data, conf, portFile);
      port[0] = awaitPort(portFile, server);
    }
    for (var sender : senders) {
      sender.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    new ProcessBuilder("kill", "-TERM", Long.toString(server.pid())).start().waitFor();
    server.waitFor();
    List<Long> sorted = new ArrayList<>(latencies);
    sorted.sort(null);
    Set<String> landed = new HashSet<>();
    long landedTotal = 0;
    for (int c = 0; c < clients; c++) {
      for (JsonNode event : landed(data, "c" + c)) {
        landed.add("c" + c + "/" + event.get("id").asText());
        landedTotal++;
      }
    }
    System.out.printf("events acknowledged %d in %.1f s: %.0f events/s (%d requests of %d,"
        + " %d threads, %d clients), latency p50 %.1f ms, p99 %.1f ms, retries %d%n",
        acknowledged.get(), seconds, acknowledged.get() / seconds, sorted.size(), batch,
        threads, clients, sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) (sorted.size() * 0.99)) / 1e6, retried.get());
    System.out.printf("events landed %d, distinct %d: %s%n", landedTotal, landed.size(),
        landedTotal == acknowledged.get() && landed.size() == landedTotal ? "= acknowledged"
            : "MISMATCH");
    if (landedTotal != acknowledged.get() || landed.size() != landedTotal) {
      System.exit(1);
    }
  }

  private static Process start(Path data, Path conf, Path portFile) throws Exception {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"), "IngestBench",
        "server", data.toString(), conf.toString(), portFile.toString()).inheritIO().start();
  }

  private static int awaitPort(Path portFile, Process server) throws Exception {
    while (!Files.exists(portFile)) {
      if (!server.isAlive()) {
        throw new IllegalStateException("the server ended");
      }
      Thread.sleep(50);
    }
    return Integer.parseInt(Files.readString(portFile).trim());
  }

  /** The child process: the server on a free port, stopped by SIGTERM (commit) or SIGKILL. */
  private static void serve(Path data, Path conf, Path portFile) throws Exception {
    ControlStores stores = ControlStores.sqlite(SqliteControlDatabase.open(
        data.resolve("control.db")));
    IngestSettings settings = IngestSettings.defaults("127.0.0.1", 0, data)
        .withPages(5L * 1024 * 1024, Duration.ofSeconds(5));
    IngestServer server = new IngestServer(settings, PushSources.load(conf), stores.apiKeys(),
        stores.credentials(new LocalKeyFiles(data.resolve("keys").resolve("credentials.key")),
            Clock.systemUTC()), stores.states(Clock.systemUTC()),
        new LocalRawStore(settings.zones()), Clock.systemUTC()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }));
    Path temporary = portFile.resolveSibling("port.tmp");
    Files.writeString(temporary, Integer.toString(server.port()));
    Files.move(temporary, portFile);
    Thread.currentThread().join();
  }

  private static List<JsonNode> landed(Path data, String client) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    Path folder = data.resolve("raw").resolve(client).resolve("hooks").resolve("events");
    if (!Files.isDirectory(folder)) {
      return events;
    }
    List<Path> manifests;
    try (Stream<Path> found = Files.find(folder, 3, (p, a) ->
        p.getFileName().toString().equals("_manifest.json"))) {
      manifests = found.toList();
    }
    for (Path manifestFile : manifests) {
      RawManifest manifest;
      try (InputStream in = Files.newInputStream(manifestFile)) {
        manifest = RawManifest.fromJson(in);
      }
      for (RawManifest.Page page : manifest.pages()) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
            manifestFile.resolveSibling(page.file())))) {
          JSON.readTree(in).forEach(events::add);
        }
      }
    }
    return events;
  }
}
