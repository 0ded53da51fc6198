package io.dif.core.zone;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The commit record of one raw run, written last: a run without it does not exist for readers.
 * It lists every page with its request (never a secret), status, size and checksum.
 */
public record RawManifest(
    @JsonProperty("client") String client,
    @JsonProperty("source") String source,
    @JsonProperty("stream") String stream,
    @JsonProperty("dt") LocalDate dt,
    @JsonProperty("run_id") String runId,
    @JsonProperty("window_start") LocalDate windowStart,
    @JsonProperty("window_end") LocalDate windowEnd,
    @JsonProperty("fencing_token") long fencingToken,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("committed_at") Instant committedAt,
    @JsonProperty("pages") List<Page> pages) {

  /** One landed page. {@code file} is relative to the run folder. */
  public record Page(
      @JsonProperty("file") String file,
      @JsonProperty("method") String method,
      @JsonProperty("url") String url,
      @JsonProperty("parent") Map<String, String> parent,
      @JsonProperty("status") int status,
      @JsonProperty("content_type") String contentType,
      @JsonProperty("compression") String compression,
      @JsonProperty("bytes") long bytes,
      @JsonProperty("stored_bytes") long storedBytes,
      @JsonProperty("sha256") String sha256,
      @JsonProperty("records") long records) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT);

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static RawManifest fromJson(InputStream in) throws IOException {
    return JSON.readValue(in, RawManifest.class);
  }

  public long totalRecords() {
    return pages.stream().mapToLong(Page::records).sum();
  }

  public long totalBytes() {
    return pages.stream().mapToLong(Page::bytes).sum();
  }
}
