package io.dif.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.apikey.ApiKeyStore;
import io.dif.core.credential.WritableCredentialStore;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.state.StateStore;
import io.dif.extract.raw.RawStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion API, {@code dif serve}: clients push events and upload files to their push
 * sources, authenticated by API key, limited per key, optionally signed (Standard Webhooks).
 * An event is acknowledged (202) only once it is on disk in the write-ahead log; pages reach
 * the raw zone with the same manifest-last commit and LANDED state as extracted pages. One
 * server per data folder (a lock file says so).
 */
public final class IngestServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
  private static final Logger REQUESTS = LoggerFactory.getLogger("io.dif.ingest.requests");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVENTS = "/v1/clients/{client}/sources/{source}/events";
  private static final String UPLOADS = "/v1/clients/{client}/sources/{source}/uploads";

  private final IngestSettings settings;
  private final PushSources sources;
  private final KeyAuthenticator keys;
  private final KeyLimiter limits;
  private final WritableCredentialStore credentials;
  private final Clock clock;
  private final Idempotency idempotency;
  private final EventLog log;
  private final Uploads uploads;
  private final Map<String, SigningKey> signingKeys = new ConcurrentHashMap<>();
  private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(
      runnable -> {
        Thread thread = new Thread(runnable, "dif-ingest-commit");
        thread.setDaemon(true);
        return thread;
      });
  private final FileChannel lockFile;
  private Javalin app;

  private record SigningKey(byte[] key, Instant readAt) {}

  public IngestServer(IngestSettings settings, PushSources sources, ApiKeyStore apiKeys,
      WritableCredentialStore credentials, StateStore states, RawStore raw, Clock clock)
      throws IOException {
    this.settings = settings;
    this.sources = sources;
    this.credentials = credentials;
    this.clock = clock;
    this.keys = new KeyAuthenticator(apiKeys, credentials, clock);
    this.limits = new KeyLimiter(clock);
    Files.createDirectories(settings.stateFolder());
    this.lockFile = FileChannel.open(settings.stateFolder().resolve("serve.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = lockFile.tryLock();
    if (lock == null) {
      lockFile.close();
      throw new ConfigurationException(ErrorCode.RUN_LOCKED, "Cannot start dif serve: another"
          + " dif serve uses the data folder " + settings.stateFolder().getParent());
    }
    PushRuns runs = new PushRuns(raw, states, clock);
    this.idempotency = new Idempotency(settings.stateFolder().resolve("idempotency.log"),
        clock);
    this.log = new EventLog(settings.stateFolder().resolve("wal"), runs, idempotency, clock,
        settings.pageBytes(), settings.pageAge());
    this.uploads = new Uploads(settings, runs, states, clock);
  }

  /** Lands what a previous server left, then starts listening. */
  public IngestServer start() throws IOException {
    long recovered = log.recover();
    if (recovered > 0) {
      LOG.info("Landed {} events a previous server had accepted", recovered);
    }
    app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.http.maxRequestSize = 1024; // bodies are streamed, never read whole by Javalin
      config.requestLogger.http(this::logRequest);
    });
    app.post(EVENTS, this::events);
    app.post(UPLOADS, this::createUpload);
    app.get(UPLOADS + "/{upload}", this::uploadStatus);
    app.put("/v1/uploads/{upload}", this::receiveUpload);
    app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
    app.exception(ApiError.class, (e, ctx) -> {
      e.retryAfterSeconds().ifPresent(s -> ctx.header("Retry-After", Long.toString(s)));
      ctx.status(e.status()).json(Map.of("error", e.getMessage()));
    });
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("Cannot answer {} {}", ctx.method(), ctx.path(), e);
      ctx.status(500).json(Map.of("error", "internal error; the events were not accepted"));
    });
    app.start(settings.host(), settings.port());
    for (Connector connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof ServerConnector server) {
        server.setIdleTimeout(settings.idleTimeout().toMillis());
      }
    }
    long every = Math.max(200, Math.min(1000, settings.pageAge().toMillis() / 4));
    committer.scheduleWithFixedDelay(this::commitDue, every, every, TimeUnit.MILLISECONDS);
    LOG.info("dif serve listens on http://{}:{} for {} push sources", settings.host(), port(),
        sources.count());
    return this;
  }

  public int port() {
    return app.port();
  }

  /** Commits every accepted event to the raw zone now (tests, shutdown). */
  public void commitNow() throws IOException {
    synchronized (log) {
      log.commitAll();
    }
  }

  private void commitDue() {
    try {
      synchronized (log) {
        log.commitDue();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot commit accepted events to the raw zone yet (retried): {}",
          e.getMessage());
    }
  }

  private PushSources.Target target(Context ctx) {
    String client = ctx.pathParam("client");
    String source = ctx.pathParam("source");
    return sources.find(client, source).orElseThrow(() -> new ApiError(404,
        "Cannot accept the request: no push source " + client + "." + source));
  }

  private String authenticate(Context ctx, PushSources.Target target) {
    String keyId = keys.authenticate(Optional.ofNullable(ctx.header("X-Api-Key")),
        Optional.ofNullable(ctx.header("Authorization")), target.client(), target.source());
    ctx.attribute("key_id", keyId);
    limits.request(keyId, target.push().limits());
    return keyId;
  }

  private void events(Context ctx) throws IOException {
    PushSources.Target target = target(ctx);
    String stream = target.push().events().orElseThrow(() -> new ApiError(404,
        "Cannot accept events: push source " + target.qualified() + " takes no events"));
    String keyId = authenticate(ctx, target);
    EventParser.checkContentType(Optional.ofNullable(ctx.header("Content-Type")));
    BodyReader reader = new BodyReader(target.push().limits().maxBodyBytes(),
        target.push().limits().maxInflatedBytes(), settings.bodyTimeout());
    reader.checkDeclaredLength(ctx.req().getContentLengthLong());
    byte[] body = reader.read(ctx.req().getInputStream(),
        Optional.ofNullable(ctx.header("Content-Encoding")));
    ctx.attribute("bytes", body.length);
    Optional<String> webhookId = Optional.ofNullable(ctx.header("webhook-id"))
        .filter(id -> !id.isBlank());
    if (target.push().signature().isPresent()) {
      WebhookSignature.verify(target.push().signature().get(), signingKey(target), webhookId,
          Optional.ofNullable(ctx.header("webhook-timestamp")),
          Optional.ofNullable(ctx.header("webhook-signature")), body, clock.instant());
    }
    Optional<String> idempotencyKey = webhookId.or(() -> Optional.ofNullable(
        ctx.header("Idempotency-Key")).filter(key -> !key.isBlank()));
    Idempotency.Claim claim = idempotencyKey.map(key -> idempotency.claim(
        Idempotency.scope(target.client(), target.source(), key))).orElse(null);
    if (claim != null && claim.replay().isPresent()) {
      ctx.header("Idempotent-Replayed", "true");
      ctx.status(202).contentType("application/json").result(claim.replay().get());
      return;
    }
    try {
      List<byte[]> events = new EventParser(target.push().limits()).parse(body);
      limits.events(keyId, target.push().limits(), events.size());
      String requestId = UUID.randomUUID().toString();
      String answer = JSON.createObjectNode().put("accepted", events.size())
          .put("request_id", requestId).toString();
      LocalDate dt = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      log.append(target.client(), target.source(), stream,
          new WalRecord(requestId, dt, idempotencyKey, answer, events));
      if (claim != null) {
        idempotency.answered(claim, answer);
      }
      ctx.attribute("events", events.size());
      ctx.status(202).contentType("application/json").result(answer);
    } catch (RuntimeException | IOException e) {
      if (claim != null) {
        idempotency.failed(claim, e instanceof RuntimeException r ? r
            : new IllegalStateException(e));
      }
      throw e;
    }
  }

  /** The source's webhook signing key from the credential store, read again every minute. */
  private byte[] signingKey(PushSources.Target target) {
    String name = target.push().signature().orElseThrow().secret();
    Instant now = clock.instant();
    SigningKey key = signingKeys.compute(target.qualified(), (k, old) -> old != null
        && old.readAt().plusSeconds(60).isAfter(now) ? old
        : new SigningKey(WebhookSignature.key(credentials.get(target.client(), name).reveal()),
            now));
    return key.key();
  }

  private void createUpload(Context ctx) throws IOException {
    PushSources.Target target = target(ctx);
    String stream = target.push().uploads().orElseThrow(() -> new ApiError(404,
        "Cannot accept uploads: push source " + target.qualified() + " takes no uploads"));
    authenticate(ctx, target);
    String base = settings.publicUrl().orElse("http://" + settings.host() + ":" + port());
    ctx.status(201).json(uploads.create(target, stream, base));
  }

  private void receiveUpload(Context ctx) throws IOException {
    String id = ctx.pathParam("upload");
    Uploads.Upload upload = uploads.authorize(id, Optional.ofNullable(ctx.queryParam("expires")),
        Optional.ofNullable(ctx.queryParam("signature")));
    ctx.attribute("client", upload.client());
    ctx.attribute("source", upload.source());
    PushSources.Target target = sources.find(upload.client(), upload.source())
        .orElseThrow(() -> new ApiError(404, "Cannot accept the upload: push source "
            + upload.client() + "." + upload.source() + " is gone"));
    BodyReader reader = new BodyReader(target.push().limits().maxUploadBytes(),
        target.push().limits().maxUploadBytes(), settings.bodyTimeout());
    reader.checkDeclaredLength(ctx.req().getContentLengthLong());
    ctx.status(200).json(uploads.receive(upload, target, reader, ctx.req().getInputStream()));
  }

  private void uploadStatus(Context ctx) {
    PushSources.Target target = target(ctx);
    authenticate(ctx, target);
    ctx.json(uploads.status(target, ctx.pathParam("upload")));
  }

  /** client, source, key id, status, bytes, latency: never the key, a secret or the body. */
  private void logRequest(Context ctx, Float millis) {
    String client = ctx.pathParamMap().getOrDefault("client",
        String.valueOf(ctx.<String>attribute("client")));
    String source = ctx.pathParamMap().getOrDefault("source",
        String.valueOf(ctx.<String>attribute("source")));
    Object bytes = ctx.attribute("bytes");
    REQUESTS.info("{} {} client={} source={} key={} status={} bytes={} events={} ms={}",
        ctx.method(), ctx.endpointHandlerPath(), client, source,
        Optional.ofNullable(ctx.<String>attribute("key_id")).orElse("-"), ctx.statusCode(),
        bytes == null ? Math.max(0, ctx.req().getContentLengthLong()) : bytes,
        Optional.ofNullable(ctx.<Integer>attribute("events")).orElse(0),
        String.format("%.1f", millis));
  }

  /** Stops listening, commits what was accepted, releases the data folder. */
  @Override
  public void close() throws IOException {
    if (app != null) {
      app.stop();
    }
    committer.shutdown();
    try {
      committer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (log) {
      log.close();
    }
    idempotency.close();
    lockFile.close();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
