package io.dif.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local ad platform shaped like the Meta Graph API, serving the deterministic data of
 * {@link SandboxData} on 127.0.0.1. The API base for clients is {@code baseUrl() + "/v1"}:
 *
 * <ul>
 *   <li>{@code GET /v1/campaigns?limit=N&after=CURSOR}
 *   <li>{@code GET /v1/campaigns/{campaign_id}/insights?since=YYYY-MM-DD&until=YYYY-MM-DD}
 *       {@code &limit=N&after=CURSOR}
 * </ul>
 *
 * <pre>{@code
 * try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.defaults())) {
 *   URI api = sandbox.baseUrl().resolve("/v1");
 *   ...
 * }
 * }</pre>
 */
public final class SandboxServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);
  private static final int THREADS = 8;
  private static final InetAddress LOOPBACK = ipv4Loopback();

  private final HttpServer server;
  private final ExecutorService executor;
  private final RequestCounters counters;
  private final URI baseUrl;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SandboxServer(
      HttpServer server, ExecutorService executor, RequestCounters counters, URI baseUrl) {
    this.server = server;
    this.executor = executor;
    this.counters = counters;
    this.baseUrl = baseUrl;
  }

  /**
   * Binds 127.0.0.1 on the port of the settings (any free port when 0) and starts serving.
   *
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static SandboxServer start(SandboxSettings settings) {
    InetSocketAddress address = new InetSocketAddress(LOOPBACK, settings.port());
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException bindFailed) {
      throw new UncheckedIOException(
          "Cannot start sandbox server: cannot bind " + LOOPBACK.getHostAddress() + ":"
              + settings.port() + ": " + bindFailed.getMessage(),
          bindFailed);
    }
    URI baseUrl =
        URI.create("http://" + LOOPBACK.getHostAddress() + ":" + server.getAddress().getPort());
    RequestCounters counters = new RequestCounters();
    server.createContext(
        "/",
        new GraphApiHandler(
            SandboxData.of(settings),
            settings.accessToken(),
            new SlidingWindowRateLimiter(settings.requestsPerSecond(), System::nanoTime),
            counters,
            baseUrl));
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, new HandlerThreads());
    server.setExecutor(executor);
    server.start();
    LOG.debug("Started sandbox server at {} with {}", baseUrl, settings);
    return new SandboxServer(server, executor, counters, baseUrl);
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash; paths start with {@code /v1}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** What the server has answered so far. */
  public SandboxStats stats() {
    return counters.snapshot();
  }

  /** Stops accepting requests, drops open exchanges and frees the port; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.debug("Sandbox server at {}: handler threads still running after close", baseUrl);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    LOG.debug("Stopped sandbox server at {}", baseUrl);
  }

  private static InetAddress ipv4Loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (IOException impossible) {
      // getByAddress fails only for an address of the wrong length.
      throw new UncheckedIOException("Cannot build the address 127.0.0.1", impossible);
    }
  }

  /** Daemon threads, so that a sandbox left open never keeps a JVM alive. */
  private static final class HandlerThreads implements ThreadFactory {

    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "dif-sandbox-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
