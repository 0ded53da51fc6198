package io.dif.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes raw runs the way the extractor lands them: gzipped page bodies exactly as the API sent
 * them, then {@code _manifest.json} last (or no manifest, for a run still being written).
 */
final class TestingRawZone {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ZoneLayout zones;
  private final String client;
  private final String source;
  private final String stream;

  TestingRawZone(ZoneLayout zones, String client, String source, String stream) {
    this.zones = zones;
    this.client = client;
    this.source = source;
    this.stream = stream;
  }

  Run run(LocalDate dt, String runId) {
    return new Run(dt, runId);
  }

  /**
   * A page of Meta's insights edge: {@code {"data":[...],"paging":{...}}} with every value a
   * JSON string, as the Graph API sends numbers.
   */
  static String metaInsightsPage(List<Map<String, String>> rows, boolean hasNext) {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode data = page.putArray("data");
    rows.forEach(row -> {
      ObjectNode record = data.addObject();
      row.forEach(record::put);
    });
    ObjectNode paging = page.putObject("paging");
    ObjectNode cursors = paging.putObject("cursors");
    cursors.put("before", "MAZDZD");
    cursors.put("after", "MjQZD");
    if (hasNext) {
      paging.put("next", "https://graph.facebook.com/v21.0/act_1/insights?after=MjQZD");
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One insights row as Meta returns it (strings throughout). */
  static Map<String, String> insight(String campaignId, String adId, String day,
      String impressions, String clicks, String spend) {
    Map<String, String> row = new java.util.LinkedHashMap<>();
    row.put("account_id", "1000000000001");
    row.put("campaign_id", campaignId);
    row.put("ad_id", adId);
    row.put("date_start", day);
    row.put("date_stop", day);
    row.put("impressions", impressions);
    row.put("clicks", clicks);
    row.put("spend", spend);
    row.put("account_currency", "EUR");
    return row;
  }

  final class Run {
    private final LocalDate dt;
    private final String runId;
    private final Path folder;
    private final List<RawManifest.Page> pages = new ArrayList<>();
    private Map<String, String> parent = Map.of();

    private Run(LocalDate dt, String runId) {
      this.dt = dt;
      this.runId = runId;
      this.folder = Path.of(zones.rawRun(client, source, stream, dt, runId));
    }

    /** Adds a gzipped page; its record count is read from the body's "/data" array. */
    Run page(String body) {
      long records;
      try {
        JsonNode data = JSON.readTree(body).at("/data");
        records = data.isArray() ? data.size() : 0;
      } catch (IOException e) {
        records = 0;
      }
      return page(body, records);
    }

    /** Adds a gzipped page whose manifest entry says it holds {@code records} records. */
    Run page(String body, long records) {
      String file = ZoneLayout.pageName(pages.size(), "json.gz");
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      try {
        Files.createDirectories(folder);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(stored)) {
          gzip.write(bytes);
        }
        Files.write(folder.resolve(file), stored.toByteArray());
        pages.add(new RawManifest.Page(file, "GET",
            "https://graph.facebook.com/v21.0/act_1/insights?page=" + pages.size(), parent,
            200, "application/json", "gzip", bytes.length, stored.size(), sha256(bytes),
            records));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    /**
     * Adds a page stored exactly as {@code stored} (CSV, XML, zip, gzipped JSON Lines ...) under
     * the next page name with {@code extension}; the extractor counts no records in such pages.
     */
    Run file(String extension, byte[] stored) {
      return file(extension, stored, 0);
    }

    /**
     * Adds a page stored as {@code body} writes it, as a stream (a large page is never held
     * whole), whose manifest entry says it holds {@code records}.
     */
    Run streamed(String extension, long records, PageBody body) {
      String file = ZoneLayout.pageName(pages.size(), extension);
      try {
        Files.createDirectories(folder);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(
            Files.newOutputStream(folder.resolve(file)), 1 << 16), sha256)) {
          body.write(out);
        }
        long size = Files.size(folder.resolve(file));
        pages.add(new RawManifest.Page(file, "GET",
            "https://example.com/exports/" + pages.size(), parent, 200,
            "application/octet-stream", "none", size, size,
            HexFormat.of().formatHex(sha256.digest()), records));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      return this;
    }

    /** The variables the parent record bound for the pages added next (for_each). */
    Run parent(Map<String, String> variables) {
      this.parent = Map.copyOf(variables);
      return this;
    }

    /** Adds a page stored as it is whose manifest entry says it holds {@code records}. */
    Run file(String extension, byte[] stored, long records) {
      String file = ZoneLayout.pageName(pages.size(), extension);
      try {
        Files.createDirectories(folder);
        Files.write(folder.resolve(file), stored);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      pages.add(new RawManifest.Page(file, "GET",
          "https://example.com/reports/" + pages.size(), parent, 200,
          "application/octet-stream", "none", stored.length, stored.length, sha256(stored),
          records));
      return this;
    }

    /** Writes the manifest last: the run now exists for readers. */
    Path commit() {
      Instant started = Instant.parse(dt + "T06:00:00Z");
      RawManifest manifest = new RawManifest(client, source, stream, dt, runId, dt, dt, 7,
          started, started.plusSeconds(30), List.copyOf(pages));
      try {
        Files.createDirectories(folder);
        Files.write(folder.resolve(ZoneLayout.MANIFEST), manifest.toJson());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return folder;
    }

    /** Leaves the pages without a manifest: a run still being written, invisible to readers. */
    Path leaveUncommitted() {
      return folder;
    }
  }

  /** Writes a page's stored bytes. */
  interface PageBody {
    void write(OutputStream out) throws IOException;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
