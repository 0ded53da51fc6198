package io.dif.ingest;

import io.dif.core.zone.ZoneLayout;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepted events on their way to the raw zone: appended to the stream's write-ahead log
 * ({@code <data-dir>/ingest/wal/{client}/{source}/{stream}/}) before the answer, then committed
 * as raw pages (gzipped JSON arrays, {@code page-{segment}.json.gz}) when a segment reaches its
 * size or age, and at shutdown. At start, the segments a killed server left are landed first:
 * a page already listed by its run's manifest is not listed again, so nothing acknowledged is
 * lost and nothing lands twice.
 */
final class EventLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

  private final Path root;
  private final PushRuns runs;
  private final Idempotency idempotency;
  private final Clock clock;
  private final long pageBytes;
  private final Duration pageAge;
  private final Map<String, StreamLog> logs = new ConcurrentHashMap<>();

  EventLog(Path root, PushRuns runs, Idempotency idempotency, Clock clock, long pageBytes,
      Duration pageAge) {
    this.root = root;
    this.runs = runs;
    this.idempotency = idempotency;
    this.clock = clock;
    this.pageBytes = pageBytes;
    this.pageAge = pageAge;
  }

  /** Lands what a previous (perhaps killed) server left in the log; returns the events landed. */
  long recover() throws IOException {
    long events = 0;
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> found = Files.find(root, 3, (path, attributes) -> attributes.isDirectory()
        && root.relativize(path).getNameCount() == 3)) {
      for (Path folder : found.sorted().toList()) {
        StreamLog log = log(folder);
        events += landClosed(folder, log);
      }
    }
    return events;
  }

  /** Appends one accepted request; returns once it is on disk. */
  void append(String client, String source, String stream, WalRecord record) throws IOException {
    log(root.resolve(client).resolve(source).resolve(stream)).append(record.encode());
  }

  /** Commits the segments due by size or age (called every second or so). */
  void commitDue() throws IOException {
    Instant now = clock.instant();
    for (Map.Entry<String, StreamLog> entry : logs.entrySet()) {
      entry.getValue().rotateIf(pageBytes, now.minus(pageAge), now);
      landClosed(Path.of(entry.getKey()), entry.getValue());
    }
    idempotency.expire();
  }

  /** Commits everything accepted so far (shutdown, tests). */
  void commitAll() throws IOException {
    Instant now = clock.instant();
    for (Map.Entry<String, StreamLog> entry : logs.entrySet()) {
      entry.getValue().rotateIf(1, now.plusSeconds(1), now);
      landClosed(Path.of(entry.getKey()), entry.getValue());
    }
  }

  private StreamLog log(Path folder) {
    return logs.computeIfAbsent(folder.toString(), key -> {
      try {
        return new StreamLog(folder, clock.instant());
      } catch (IOException e) {
        throw new IllegalStateException("Cannot open the event log " + folder + ": "
            + e.getMessage(), e);
      }
    });
  }

  private long landClosed(Path folder, StreamLog log) throws IOException {
    long events = 0;
    for (Path segment : log.closedSegments()) {
      events += land(folder, segment);
    }
    return events;
  }

  /** Lands one closed segment as one page per data date, then deletes it. */
  private long land(Path folder, Path segment) throws IOException {
    Path relative = root.relativize(folder);
    String client = relative.getName(0).toString();
    String source = relative.getName(1).toString();
    String stream = relative.getName(2).toString();
    List<WalRecord> records;
    try (InputStream in = Files.newInputStream(segment)) {
      records = WalRecord.readAll(in);
    }
    Map<LocalDate, List<byte[]>> byDate = new LinkedHashMap<>();
    for (WalRecord record : records) {
      record.idempotencyKey().ifPresent(key -> idempotency.remember(
          Idempotency.scope(client, source, key), record.answer()));
      byDate.computeIfAbsent(record.dt(), dt -> new ArrayList<>()).addAll(record.events());
    }
    idempotency.force();
    long sequence = StreamLog.sequenceOf(segment);
    long landed = 0;
    for (Map.Entry<LocalDate, List<byte[]>> page : byDate.entrySet()) {
      String file = ZoneLayout.pageName((int) sequence, "json.gz");
      runs.land(client, source, stream, page.getKey(), file, "application/json", "gzip",
          "/v1/clients/" + client + "/sources/" + source + "/events",
          out -> writeArray(out, page.getValue()));
      landed += page.getValue().size();
    }
    Files.delete(segment);
    if (landed > 0) {
      LOG.info("Landed {} events of {}.{}.{} from log segment {}", landed, client, source,
          stream, sequence);
    }
    return landed;
  }

  private static long writeArray(OutputStream stored, List<byte[]> events) throws IOException {
    GZIPOutputStream gzip = new GZIPOutputStream(stored, 65536);
    OutputStream out = new BufferedOutputStream(gzip, 65536);
    out.write('[');
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.write(",\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
      out.write(events.get(i));
    }
    out.write("]\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.flush();
    gzip.finish();
    return events.size();
  }

  @Override
  public void close() throws IOException {
    commitAll();
    for (StreamLog log : logs.values()) {
      log.close();
    }
  }
}
