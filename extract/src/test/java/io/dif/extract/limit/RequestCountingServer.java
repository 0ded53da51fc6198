package io.dif.extract.limit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/** An HTTP server that counts the requests it receives in each wall-clock second (not /warmup). */
public final class RequestCountingServer implements AutoCloseable {
  private final HttpServer server;
  private final java.util.concurrent.ExecutorService executor = Executors.newFixedThreadPool(16);
  private final Map<Long, Integer> perSecond = new TreeMap<>();

  public RequestCountingServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      long second = System.currentTimeMillis() / 1000;
      if (!exchange.getRequestURI().getPath().equals("/warmup")) {
        synchronized (perSecond) {
          perSecond.merge(second, 1, Integer::sum);
        }
      }
      byte[] body = "{}".getBytes();
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Requests received per wall-clock second, by epoch second. */
  public Map<Long, Integer> perSecond() {
    synchronized (perSecond) {
      return new TreeMap<>(perSecond);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
