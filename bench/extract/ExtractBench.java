import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.EnvironmentCredentialStore;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.ExtractionPlan;
import io.dif.extract.Extractor;
import io.dif.extract.TestingRedis;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.limit.RequestCountingServer;
import io.dif.extract.limit.TestingRateLimitedWorker;
import io.dif.extract.raw.LocalRawStore;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Extractor benchmark (not a test): request rate achieved by 4 worker processes sharing one Redis
 * limit ÷ the limit, with the seconds over the limit as the server counts them; and peak RSS of
 * an extractor process landing one 1 GB and one 4 GB response with -Xmx128m.
 * Run with bench/extract/run.sh.
 */
public class ExtractBench {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("land")) {
      land(args[1], Path.of(args[2]));
      return;
    }
    rate(4, 100, 4, 1500);
    if (args.length > 0 && args[0].equals("rate")) {
      return;
    }
    for (long gib : new long[] {1, 4}) {
      rss(gib << 30);
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Each worker runs {@code concurrency} threads, and the scope allows that many in flight per
   * worker, so the rate, not the concurrency limit, is what binds.
   */
  static void rate(int workers, int perSecond, int threadsEach, int requestsEach)
      throws Exception {
    int concurrency = workers * threadsEach;
    String scope = "bench:" + UUID.randomUUID();
    try (RequestCountingServer server = new RequestCountingServer()) {
      List<Process> processes = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        processes.add(new ProcessBuilder(java(), "-Xmx64m", "-cp",
            System.getProperty("java.class.path"), TestingRateLimitedWorker.class.getName(),
            TestingRedis.url(), scope, Integer.toString(perSecond),
            Integer.toString(concurrency),
            Integer.toString(requestsEach), server.url().toString())
            .redirectErrorStream(true).start());
      }
      for (Process process : processes) {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
          // start-up output
        }
      }
      for (Process process : processes) {
        process.getOutputStream().write('\n');
        process.getOutputStream().flush();
      }
      for (Process process : processes) {
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (process.waitFor() != 0) {
          throw new IllegalStateException("worker failed");
        }
      }
      Map<Long, Integer> perSecondCounts = server.perSecond();
      List<Integer> counts = new ArrayList<>(perSecondCounts.values());
      // the first and last second are partial (workers starting and finishing)
      List<Integer> full = counts.subList(1, counts.size() - 1);
      double achieved = full.stream().mapToInt(Integer::intValue).average().orElse(0);
      long over = counts.stream().filter(c -> c > perSecond).count();
      System.out.printf("rate: %d workers, limit %d/s, %d requests: achieved %.2f/s over %d full"
              + " seconds, ratio %.3f, seconds over the limit: %d (max in one second: %d)%n",
          workers, perSecond, workers * requestsEach, achieved, full.size(), achieved / perSecond,
          over, counts.stream().mapToInt(Integer::intValue).max().orElse(0));
    }
  }

  /** Serves one JSON body of about {@code size} bytes, generated as it is sent. */
  static void rss(long size) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] record = "{\"campaign_id\":\"1200000000001\",\"date_start\":\"2024-01-01\",\"spend\":\"12.34\",\"impressions\":\"1000\"},"
        .getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write("{\"data\":[".getBytes(StandardCharsets.UTF_8));
        byte[] block = new byte[record.length * 1024];
        for (int i = 0; i < 1024; i++) {
          System.arraycopy(record, 0, block, i * record.length, record.length);
        }
        long written = 0;
        while (written + block.length < size) {
          out.write(block);
          written += block.length;
        }
        out.write("{\"campaign_id\":\"last\"}]}".getBytes(StandardCharsets.UTF_8));
      }
    });
    server.start();
    Path root = Files.createTempDirectory("dif-bench");
    try {
      Process worker = new ProcessBuilder(java(), "-Xmx128m", "-cp",
          System.getProperty("java.class.path"), ExtractBench.class.getName(), "land",
          "http://127.0.0.1:" + server.getAddress().getPort(), root.toString())
          .redirectErrorStream(true).start();
      String peak = "?";
      long started = System.nanoTime();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream()))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("VmHWM")) {
            peak = line.replaceAll("\\s+", " ");
          } else if (line.startsWith("LANDED") || line.contains("Exception")) {
            System.out.println("  " + line);
          }
        }
      }
      int exit = worker.waitFor();
      System.out.printf("rss: response %d MiB with -Xmx128m: peak RSS %s, exit %d, %.0f s%n",
          size >> 20, peak.replace("VmHWM: ", ""), exit, (System.nanoTime() - started) / 1e9);
    } finally {
      server.stop(0);
      try (var files = Files.walk(root)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The worker: extracts the single large response, then prints its peak RSS. */
  static void land(String baseUrl, Path root) throws Exception {
    var config = new ClientConfigLoader().parse("bench.yaml", """
        version: 1
        client: bench
        sources:
          big:
            base_url: %s
            streams:
              report:
                request: { path: /report }
                records: /data
        """.formatted(baseUrl));
    var result = new Extractor(new LocalRawStore(new ZoneLayout(root.toString())),
        new SourceHttpClients(new EnvironmentCredentialStore(Map.of())),
        (name, source) -> baseUrl, Clock.systemUTC())
        .extract(config, ExtractionPlan.everything(LocalDate.of(2024, 1, 2)));
    System.out.println("LANDED " + result.runs().get(0).records() + " records, "
        + result.runs().get(0).bytes() + " bytes, stored " + result.runs().get(0).storedBytes());
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM")) {
        System.out.println(line);
      }
    }
  }
}
