package io.dif.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.SourceConfig;
import io.dif.core.config.StreamConfig;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.ZoneLayout;
import io.dif.transform.SubjectErasure.Subject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Rewrites the raw JSON pages of a client that hold a subject's records without those records:
 * a record goes when any of its text values, trimmed and compared without case, is a subject's
 * value. The page is replaced (written beside, then renamed over the original) and its manifest
 * entry gets the new size, record count and checksum and a {@code redactions} entry (when, how
 * many records, which erasure; never the value). Pages of other formats are reported, not read.
 */
public final class RawErasure {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What happened to one page: where it is, and its document (source, stream, data date, run,
   * file name).
   */
  public record PageResult(String page, int recordsRemoved, String source, String stream,
      java.time.LocalDate dt, String runId, String file) {}

  private final ZoneLayout zones;
  private final Configuration hadoop;

  public RawErasure(ZoneLayout zones, Configuration hadoop) {
    this.zones = zones;
    this.hadoop = hadoop;
  }

  public List<PageResult> erase(ClientConfig client, List<Subject> subjects, String erasureId,
      boolean dryRun) {
    List<PageResult> results = new ArrayList<>();
    forEachRun(client, "erase the subject from", (fs, run) -> results.addAll(eraseRun(fs,
        run.path(), run.manifest(), run.pointer(), subjects, erasureId, dryRun).stream()
        .map(page -> new PageResult(page.page(), page.recordsRemoved(), run.source(),
            run.stream(), run.dt(), run.runId(), page.file()))
        .toList()));
    return results;
  }

  /**
   * The values in the client's raw JSON pages whose keyed hash ({@link Subject#keyedHash}) is
   * one of the requests', as subjects of the field the request named: how kept erasure requests
   * find their person again after a backfill landed them anew. The values stay in memory.
   */
  public List<Subject> find(ClientConfig client, Map<String, String> fieldByKeyedHash,
      byte[] key) {
    Set<Subject> found = new LinkedHashSet<>();
    forEachRun(client, "look for erasure requests in", (fs, run) -> {
      ObjectNode manifest = readManifest(fs, run.manifest());
      for (JsonNode entry : manifest.withArray("pages")) {
        JsonNode records = readRecords(fs, new Path(run.path(), entry.get("file").asText()),
            run.pointer());
        if (records != null) {
          collect(records, fieldByKeyedHash, key, found);
        }
      }
    });
    return List.copyOf(found);
  }

  private static void collect(JsonNode node, Map<String, String> fieldByKeyedHash, byte[] key,
      Set<Subject> found) {
    if (node.isTextual() || node.isNumber()) {
      String value = node.asText();
      String field = fieldByKeyedHash.get(PersonalData.hmac(key, Subject.normalized(value)));
      if (field != null) {
        found.add(new Subject(field, value.trim()));
      }
      return;
    }
    for (JsonNode child : node) {
      collect(child, fieldByKeyedHash, key, found);
    }
  }

  /** One committed run of a stream: its folder, manifest and document parts. */
  private record RawRun(Path path, Path manifest, String pointer, String source, String stream,
      java.time.LocalDate dt, String runId) {}

  @FunctionalInterface
  private interface RunVisitor {
    void visit(FileSystem fs, RawRun run) throws IOException;
  }

  /** Every committed run (one with a manifest) of every stream of the client. */
  private void forEachRun(ClientConfig client, String what, RunVisitor visitor) {
    for (Map.Entry<String, SourceConfig> source : client.sources().entrySet()) {
      for (Map.Entry<String, StreamConfig> stream : source.getValue().streams().entrySet()) {
        Path folder = new Path(zones.rawStream(client.client(), source.getKey(),
            stream.getKey()));
        try {
          FileSystem fs = folder.getFileSystem(hadoop);
          if (fs instanceof org.apache.hadoop.fs.ChecksumFileSystem local) {
            fs = local.getRawFileSystem(); // no .crc files beside the raw pages
          }
          if (!fs.exists(folder)) {
            continue;
          }
          for (FileStatus dt : fs.listStatus(folder)) {
            for (FileStatus run : fs.listStatus(dt.getPath())) {
              Path manifest = new Path(run.getPath(), ZoneLayout.MANIFEST);
              if (fs.exists(manifest)) {
                visitor.visit(fs, new RawRun(run.getPath(), manifest,
                    stream.getValue().records(), source.getKey(), stream.getKey(),
                    java.time.LocalDate.parse(dt.getPath().getName().replaceFirst("^dt=", "")),
                    run.getPath().getName().replaceFirst("^run=", "")));
              }
            }
          }
        } catch (IOException e) {
          throw new DataException(ErrorCode.DATA_INVALID, "Cannot " + what + " the raw zone of "
              + client.client() + "." + source.getKey() + "." + stream.getKey() + ": "
              + e.getMessage(), e);
        }
      }
    }
  }

  private static ObjectNode readManifest(FileSystem fs, Path manifestPath) throws IOException {
    try (InputStream in = fs.open(manifestPath)) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  /** The records array of a JSON page (its document, to rewrite it), or null for other pages. */
  private static JsonNode readDocument(FileSystem fs, Path page) throws IOException {
    String lower = page.getName().toLowerCase(Locale.ROOT);
    if (!lower.endsWith(".json") && !lower.endsWith(".json.gz")) {
      return null;
    }
    byte[] bytes;
    try (InputStream raw = fs.open(page);
        InputStream in = lower.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      bytes = in.readAllBytes();
    }
    return bytes.length == 0 ? null : JSON.readTree(bytes);
  }

  private static JsonNode readRecords(FileSystem fs, Path page, String pointer)
      throws IOException {
    JsonNode document = readDocument(fs, page);
    return document == null ? null : records(document, pointer);
  }

  private static JsonNode records(JsonNode document, String pointer) {
    JsonNode records = pointer == null || pointer.isEmpty() ? document : document.at(pointer);
    return records instanceof ArrayNode ? records : null;
  }

  private List<PageResult> eraseRun(FileSystem fs, Path run, Path manifestPath, String pointer,
      List<Subject> subjects, String erasureId, boolean dryRun) throws IOException {
    ObjectNode manifest = readManifest(fs, manifestPath);
    List<PageResult> results = new ArrayList<>();
    for (JsonNode entry : manifest.withArray("pages")) {
      String file = entry.get("file").asText();
      Path page = new Path(run, file);
      boolean gzip = file.toLowerCase(Locale.ROOT).endsWith(".gz");
      JsonNode document = readDocument(fs, page);
      if (document == null || !(records(document, pointer) instanceof ArrayNode array)) {
        continue;
      }
      int removed = 0;
      for (Iterator<JsonNode> it = array.iterator(); it.hasNext(); ) {
        if (holdsSubject(it.next(), subjects)) {
          it.remove();
          removed++;
        }
      }
      if (removed == 0) {
        continue;
      }
      results.add(new PageResult(run + "/" + file, removed, null, null, null, null, file));
      if (dryRun) {
        continue;
      }
      byte[] text = JSON.writeValueAsBytes(document);
      ByteArrayOutputStream stored = new ByteArrayOutputStream();
      try (OutputStream out = gzip ? new GZIPOutputStream(stored) : stored) {
        out.write(text);
      }
      // the manifest first, with what the page is about to be (counts absolute, not less the
      // records removed): killed before the page is replaced, the page still holds the subject
      // and the rerun replaces it, the manifest then right; never a page the manifest
      // miscounts once the erasure has run through
      ObjectNode pageEntry = (ObjectNode) entry;
      pageEntry.put("bytes", text.length);
      pageEntry.put("stored_bytes", stored.size());
      pageEntry.put("sha256", sha256(text));
      pageEntry.put("records", array.size());
      pageEntry.withArray("redactions").addObject().put("at", Instant.now().toString())
          .put("records_removed", removed).put("erasure", erasureId);
      replace(fs, manifestPath, JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(manifest));
      replace(fs, page, stored.toByteArray());
    }
    return results;
  }

  static boolean holdsSubject(JsonNode node, List<Subject> subjects) {
    if (node.isTextual() || node.isNumber()) {
      String value = node.asText().trim();
      return subjects.stream().anyMatch(subject -> subject.value().trim()
          .equalsIgnoreCase(value));
    }
    for (JsonNode child : node) {
      if (holdsSubject(child, subjects)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Replaces a file's content at once: locally by an atomic rename of a file written beside it,
   * on an object store by one PUT of the object (a reader sees the old or the new object).
   */
  private static void replace(FileSystem fs, Path target, byte[] content) throws IOException {
    if (fs instanceof RawLocalFileSystem local) {
      java.nio.file.Path file = local.pathToFile(target).toPath();
      java.nio.file.Path temporary = file.resolveSibling("_erasure-" + file.getFileName());
      Files.write(temporary, content);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    try (OutputStream out = fs.create(target, true)) {
      out.write(content);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
