package io.dif.extract.journal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A deterministic API serving the same {@value #RECORDS} records per pagination kind, two per
 * page, on the JDK's HTTP server. It can be restarted on another port (as a moved server, or a
 * sandbox started again by a later run); what a real platform keeps (created reports, their
 * polls) survives the restart. Links and report URLs are absolute, on the port it answers at.
 * A request it does not serve is answered 404 and remembered ({@link #unexpected}).
 *
 * <ul>
 *   <li>{@code GET /v1/cursor?limit=2&after=T}: {@code paging.after} until the last page
 *   <li>{@code GET /v1/next_url}: {@code paging.next}, an absolute link
 *   <li>{@code GET /v1/pages?page=N&per_page=2}: a short last page
 *   <li>{@code GET /v1/offset?offset=K&limit=2}: {@code total}
 *   <li>{@code GET /v1/links?page=N}: {@code Link: <...>; rel="next"} (GitHub)
 *   <li>{@code POST /v1/reports}, {@code GET /v1/reports/{id}} (PENDING twice, then COMPLETED
 *       with two file URLs), {@code GET /files/{id}/{part}}
 * </ul>
 */
final class TestingPagedApi implements AutoCloseable {
  static final int RECORDS = 7;
  private static final int PAGE = 2;
  /** A page in flight long enough for a signal sent after the previous one to land (on a
   * loaded 2-core machine, starting `kill` can take a few hundred milliseconds). */
  private static final long DELAY_MILLIS = 250;

  private final AtomicInteger reportsCreated = new AtomicInteger();
  private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
  private final List<String> unexpected = new ArrayList<>();
  private HttpServer server;
  private ExecutorService threads;

  TestingPagedApi() throws IOException {
    start(0);
  }

  /** Base URL of the API ({@code http://127.0.0.1:PORT/v1}). */
  String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Stops the server and starts it again on another port. */
  void restartOnAnotherPort() throws IOException {
    int old = port();
    stop();
    do {
      start(0);
    } while (port() == old);
  }

  int reportsCreated() {
    return reportsCreated.get();
  }

  synchronized List<String> unexpected() {
    return List.copyOf(unexpected);
  }

  /** The records every kind serves, as ids. */
  static List<String> recordIds(String kind) {
    return IntStream.rangeClosed(1, RECORDS).mapToObj(i -> kind + "-" + i).toList();
  }

  @Override
  public void close() {
    stop();
  }

  private void start(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    threads = Executors.newFixedThreadPool(4);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  private void stop() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Thread.sleep(DELAY_MILLIS); // room for a kill to land while a page is in flight
      URI uri = exchange.getRequestURI();
      Map<String, String> query = query(uri);
      String path = uri.getPath();
      String method = exchange.getRequestMethod();
      String base = baseUrl();
      if (method.equals("GET") && path.equals("/v1/cursor")) {
        int from = query.containsKey("after") ? decode(query.get("after")) : 0;
        int to = Math.min(RECORDS, from + Integer.parseInt(query.get("limit")));
        String paging = to < RECORDS ? ",\"paging\":{\"after\":\"" + encode(to) + "\"}" : "";
        json(exchange, 200, "{" + data("cursor", from, to) + paging + "}");
      } else if (method.equals("GET") && path.equals("/v1/next_url")) {
        int from = query.containsKey("after") ? decode(query.get("after")) : 0;
        int to = Math.min(RECORDS, from + PAGE);
        String next = to < RECORDS ? ",\"paging\":{\"next\":\"" + base + "/next_url?after="
            + encode(to) + "\"}" : "";
        json(exchange, 200, "{" + data("next_url", from, to) + next + "}");
      } else if (method.equals("GET") && path.equals("/v1/pages")) {
        int page = Integer.parseInt(query.get("page"));
        int size = Integer.parseInt(query.get("per_page"));
        int from = Math.min(RECORDS, (page - 1) * size);
        json(exchange, 200, "{" + data("page_number", from, Math.min(RECORDS, from + size))
            + "}");
      } else if (method.equals("GET") && path.equals("/v1/offset")) {
        int from = Math.min(RECORDS, Integer.parseInt(query.get("offset")));
        int to = Math.min(RECORDS, from + Integer.parseInt(query.get("limit")));
        json(exchange, 200, "{" + data("offset", from, to) + ",\"total\":" + RECORDS + "}");
      } else if (method.equals("GET") && path.equals("/v1/links")) {
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        int from = Math.min(RECORDS, (page - 1) * PAGE);
        int to = Math.min(RECORDS, from + PAGE);
        if (to < RECORDS) {
          exchange.getResponseHeaders().add("Link", "<" + base + "/links?page=1>; rel=\"first\", <"
              + base + "/links?page=" + (page + 1) + ">; rel=\"next\"");
        }
        json(exchange, 200, "{" + data("link_header", from, to) + "}");
      } else if (method.equals("POST") && path.equals("/v1/reports")) {
        exchange.getRequestBody().readAllBytes();
        String id = "r" + reportsCreated.incrementAndGet();
        polls.put(id, new AtomicInteger());
        json(exchange, 200, "{\"reportId\":\"" + id + "\"}");
      } else if (method.equals("GET") && path.startsWith("/v1/reports/")) {
        AtomicInteger count = polls.get(path.substring("/v1/reports/".length()));
        if (count == null) {
          json(exchange, 404, "{\"message\":\"no such report\"}");
        } else if (count.incrementAndGet() <= 2) {
          json(exchange, 200, "{\"status\":\"PENDING\"}");
        } else {
          String id = path.substring("/v1/reports/".length());
          String files = "http://127.0.0.1:" + port() + "/files/" + id;
          json(exchange, 200, "{\"status\":\"COMPLETED\",\"urls\":[\"" + files + "/1\",\""
              + files + "/2\"]}");
        }
      } else if (method.equals("GET") && path.matches("/files/r\\d+/[12]")) {
        boolean first = path.endsWith("/1");
        json(exchange, 200, "{" + data("report", first ? 0 : 4, first ? 4 : RECORDS) + "}");
      } else {
        synchronized (this) {
          unexpected.add(method + " " + uri);
        }
        json(exchange, 404, "{\"message\":\"unexpected request\"}");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String data(String kind, int from, int to) {
    return "\"data\":[" + IntStream.range(from, to).mapToObj(i -> "{\"id\":\"" + kind + "-"
        + (i + 1) + "\",\"n\":" + (i + 1) + "}").collect(Collectors.joining(",")) + "]";
  }

  private static String encode(int index) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("after:" + index)
        .getBytes(StandardCharsets.UTF_8));
  }

  private static int decode(String token) {
    String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    return Integer.parseInt(text.substring("after:".length()));
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new HashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int equals = pair.indexOf('=');
        query.put(pair.substring(0, equals), java.net.URLDecoder.decode(
            pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
