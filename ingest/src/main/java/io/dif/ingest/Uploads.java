package io.dif.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dif.core.config.DataFormat;
import io.dif.core.state.DocumentId;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.state.StateStore;
import io.dif.core.state.TransitionRecord;
import io.dif.core.zone.ZoneLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Files uploaded by pre-signed URL. {@code POST …/uploads} (API key) gives a URL to this server,
 * signed with HMAC under the server's upload key, valid at most 15 minutes and for one PUT; the
 * file becomes one raw document of the source's uploads stream, kept as sent (gzip and zip
 * recognized by their first bytes). Each upload's record ({@code <state>/uploads/{id}.json})
 * says where its document is; its status follows the document's state: received (LANDED),
 * validated (CURATED or QUARANTINED, with row counts), loaded, or rejected with why.
 */
final class Uploads {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IngestSettings settings;
  private final PushRuns runs;
  private final StateStore states;
  private final Clock clock;
  private final Path folder;
  private final byte[] urlKey;

  /** What an upload's record holds. */
  record Upload(String id, String client, String source, String stream, Instant expiresAt) {}

  Uploads(IngestSettings settings, PushRuns runs, StateStore states, Clock clock)
      throws IOException {
    this.settings = settings;
    this.runs = runs;
    this.states = states;
    this.clock = clock;
    this.folder = settings.stateFolder().resolve("uploads");
    Files.createDirectories(folder);
    this.urlKey = urlKey(settings.stateFolder().resolve("upload-url.key"));
  }

  Map<String, Object> create(PushSources.Target target, String stream, String baseUrl)
      throws IOException {
    String id = "upl_" + HexFormat.of().formatHex(random(12));
    Instant expires = clock.instant().plus(settings.uploadUrlValidity()).truncatedTo(
        java.time.temporal.ChronoUnit.SECONDS);
    ObjectNode record = JSON.createObjectNode().put("upload_id", id)
        .put("client", target.client()).put("source", target.source()).put("stream", stream)
        .put("expires_at", expires.toString()).put("state", "pending");
    write(id, record);
    String url = baseUrl + "/v1/uploads/" + id + "?expires=" + expires.getEpochSecond()
        + "&signature=" + signature(id, expires.getEpochSecond());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("upload_id", id);
    answer.put("url", url);
    answer.put("method", "PUT");
    answer.put("expires_at", expires.toString());
    answer.put("max_bytes", target.push().limits().maxUploadBytes());
    return answer;
  }

  /** The upload a pre-signed URL names, if its signature holds and it has not expired. */
  Upload authorize(String id, Optional<String> expires, Optional<String> signature)
      throws IOException {
    if (!id.matches("upl_[0-9a-f]{24}") || expires.isEmpty() || signature.isEmpty()) {
      throw new ApiError(403, "Cannot accept the upload: the URL is not a pre-signed upload"
          + " URL");
    }
    long seconds;
    try {
      seconds = Long.parseLong(expires.get());
    } catch (NumberFormatException e) {
      throw new ApiError(403, "Cannot accept the upload: the URL's expires is not a number");
    }
    if (!MessageDigest.isEqual(signature(id, seconds).getBytes(StandardCharsets.US_ASCII),
        signature.get().getBytes(StandardCharsets.US_ASCII))) {
      throw new ApiError(403, "Cannot accept the upload: the URL's signature does not hold");
    }
    if (clock.instant().isAfter(Instant.ofEpochSecond(seconds))) {
      throw new ApiError(403, "Cannot accept the upload: the URL expired at "
          + Instant.ofEpochSecond(seconds));
    }
    JsonNode record = read(id).orElseThrow(() -> new ApiError(404,
        "Cannot accept the upload: no upload " + id));
    return new Upload(id, record.get("client").asText(), record.get("source").asText(),
        record.get("stream").asText(), Instant.parse(record.get("expires_at").asText()));
  }

  /** Receives the file of an upload, once, and lands it as one raw document. */
  Map<String, Object> receive(Upload upload, PushSources.Target target, BodyReader reader,
      InputStream body) throws IOException {
    synchronized (this) {
      ObjectNode record = (ObjectNode) read(upload.id()).orElseThrow();
      if (!record.get("state").asText().equals("pending")) {
        throw new ApiError(409, "Cannot accept the upload: upload " + upload.id()
            + " was used already (a pre-signed URL takes one file)");
      }
      write(upload.id(), record.put("state", "receiving"));
    }
    Path file = folder.resolve(upload.id() + ".part");
    try {
      try (OutputStream out = Files.newOutputStream(file)) {
        reader.copyTo(body, out);
      }
      DataFormat format = target.config().streams().get(upload.stream()).landedFormat();
      String extension = extension(file, format);
      LocalDate dt = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      String page = ZoneLayout.pageName(nextPage(), extension);
      PushRuns.Landed landed = runs.land(upload.client(), upload.source(), upload.stream(), dt,
          page, contentType(extension), extension.endsWith("gz") ? "gzip"
              : extension.equals("zip") ? "zip" : "none",
          "/v1/uploads/" + upload.id(), out -> {
            Files.copy(file, out);
            return 0;
          });
      ObjectNode record = (ObjectNode) read(upload.id()).orElseThrow();
      record.put("state", "received").put("dt", dt.toString())
          .put("run_id", landed.document().runId()).put("file", page)
          .put("bytes", landed.bytes()).put("received_at", clock.instant().toString());
      write(upload.id(), record);
      return status(record, target);
    } catch (ApiError e) {
      reject(upload.id(), e.getMessage());
      throw e;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  Map<String, Object> status(PushSources.Target target, String id) {
    JsonNode record;
    try {
      record = read(id).filter(r -> r.get("client").asText().equals(target.client())
          && r.get("source").asText().equals(target.source())).orElseThrow(() ->
          new ApiError(404, "Cannot find upload " + id + " of " + target.qualified()));
    } catch (IOException e) {
      throw new ApiError(500, "Cannot read upload " + id);
    }
    return status(record, target);
  }

  private Map<String, Object> status(JsonNode record, PushSources.Target target) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("upload_id", record.get("upload_id").asText());
    String state = record.get("state").asText();
    if (!state.equals("received")) {
      boolean expired = state.equals("pending") && clock.instant().isAfter(
          Instant.parse(record.get("expires_at").asText()));
      status.put("status", expired ? "expired" : state);
      Optional.ofNullable(record.get("reason")).ifPresent(r -> status.put("reason", r.asText()));
      return status;
    }
    DocumentId document = new DocumentId(record.get("client").asText(),
        record.get("source").asText(), record.get("stream").asText(),
        LocalDate.parse(record.get("dt").asText()), record.get("run_id").asText(),
        record.get("file").asText());
    status.put("document", document.toString());
    status.put("bytes", record.get("bytes").asLong());
    DocumentStatus current = states.get(document).orElse(null);
    DocumentState documentState = current == null ? DocumentState.LANDED : current.state();
    switch (documentState) {
      case LANDED -> status.put("status", "received");
      case CURATED, QUARANTINED -> status.put("status", "validated");
      case LOADED -> status.put("status", "loaded");
      case FAILED -> {
        status.put("status", "rejected");
        status.put("reason", current.error() == null ? "failed" : current.error());
      }
      default -> status.put("status", documentState.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (current != null) {
      transformCounts(document).ifPresent(counts -> status.putAll(counts));
    }
    if (target != null && documentState != DocumentState.LANDED
        && documentState != DocumentState.FAILED) {
      topReasons(document, target.datasetsOf(document.stream()))
          .ifPresent(reasons -> status.put("top_reasons", reasons));
    }
    return status;
  }

  /** The row counts the transform recorded for the document (the load keeps only written). */
  private Optional<Map<String, Object>> transformCounts(DocumentId document) {
    List<TransitionRecord> history = states.history(document);
    for (int i = history.size() - 1; i >= 0; i--) {
      TransitionRecord transition = history.get(i);
      if (transition.stage().equals("transform")
          && (transition.to() == DocumentState.CURATED
          || transition.to() == DocumentState.QUARANTINED)) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("rows_read", transition.rows().read());
        counts.put("rows_curated", transition.rows().written());
        counts.put("rows_quarantined", transition.rows().quarantined());
        return Optional.of(counts);
      }
    }
    return Optional.empty();
  }

  /**
   * The most frequent quarantine reasons of the latest quality report that read the upload's
   * run (reports are per dataset and date run: every file uploaded that day counts).
   */
  private Optional<Map<String, Long>> topReasons(DocumentId document, List<String> datasets) {
    Path curated = Path.of(settings.zones().root(), "curated", document.client());
    if (!Files.isDirectory(curated)) {
      return Optional.empty();
    }
    try (Stream<Path> reports = Files.find(curated, 3, (path, attributes) ->
        path.getParent().getFileName().toString().equals("_quality")
            && datasets.contains(path.getParent().getParent().getFileName().toString())
            && path.getFileName().toString().endsWith(".json"))) {
      for (Path report : reports.sorted(java.util.Comparator.reverseOrder()).toList()) {
        JsonNode node = JSON.readTree(report.toFile());
        boolean readIt = false;
        for (JsonNode run : node.path("runs")) {
          readIt |= run.asText().equals(document.runId());
        }
        if (readIt) {
          Map<String, Long> top = new LinkedHashMap<>();
          node.path("reasons").fields().forEachRemaining(e -> top.put(e.getKey(),
              e.getValue().asLong()));
          return Optional.of(top.entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
              .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()),
                  Map::putAll));
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private void reject(String id, String reason) throws IOException {
    ObjectNode record = (ObjectNode) read(id).orElseThrow();
    write(id, record.put("state", "rejected").put("reason", reason));
  }

  /** The page extension: the stream's format, or what the first bytes say (gzip, zip). */
  private static String extension(Path file, DataFormat format) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4);
    }
    if (head.length == 0) {
      throw new ApiError(400, "Cannot accept the upload: the file is empty");
    }
    String plain = switch (format) {
      case JSON -> "json";
      case JSON_LINES -> "jsonl";
      case CSV -> "csv";
      case XML -> "xml";
    };
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return plain + ".gz";
    }
    if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      return "zip";
    }
    return plain;
  }

  private static String contentType(String extension) {
    return extension.startsWith("csv") ? "text/csv" : extension.startsWith("xml")
        ? "application/xml" : extension.equals("zip") ? "application/zip"
        : extension.startsWith("jsonl") ? "application/x-ndjson" : "application/json";
  }

  private synchronized int nextPage() throws IOException {
    Path sequence = folder.resolve("sequence");
    int next = Files.exists(sequence) ? Integer.parseInt(Files.readString(sequence).trim()) : 1;
    Path temporary = folder.resolve("sequence.tmp");
    Files.writeString(temporary, Integer.toString(next + 1));
    Files.move(temporary, sequence, StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return next;
  }

  private String signature(String id, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(urlKey, "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(
          (id + "." + expires).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Optional<JsonNode> read(String id) throws IOException {
    Path file = folder.resolve(id + ".json");
    return Files.exists(file) ? Optional.of(JSON.readTree(file.toFile())) : Optional.empty();
  }

  private void write(String id, JsonNode record) throws IOException {
    Path temporary = folder.resolve(id + ".json.tmp");
    Files.write(temporary, JSON.writeValueAsBytes(record));
    Files.move(temporary, folder.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return value;
  }

  /** The server's key for upload URLs: random, created on first use, readable by it only. */
  private static byte[] urlKey(Path file) throws IOException {
    if (!Files.exists(file)) {
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(temporary, HexFormat.of().formatHex(random(32)).getBytes(
          StandardCharsets.US_ASCII));
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the data folder's own permissions apply
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }
    return HexFormat.of().parseHex(Files.readString(file).trim());
  }
}
