package io.dif.ingest;

import io.dif.core.zone.ZoneLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@code dif serve} runs.
 *
 * @param stateFolder where the write-ahead log, idempotency journal and uploads are kept
 *     ({@code <data-dir>/ingest})
 * @param pageBytes a log segment of this size is committed as a raw page
 * @param pageAge a log segment open this long is committed as a raw page
 * @param idleTimeout a connection silent this long is closed (slow clients)
 * @param bodyTimeout a body not received in full within this time is refused (408)
 * @param uploadUrlValidity how long a pre-signed upload URL stays valid (at most 15 minutes)
 * @param publicUrl the URL senders reach this server at, for pre-signed upload URLs; default
 *     http://{host}:{port}
 */
public record IngestSettings(String host, int port, ZoneLayout zones, Path stateFolder,
    long pageBytes, Duration pageAge, Duration idleTimeout, Duration bodyTimeout,
    Duration uploadUrlValidity, Optional<String> publicUrl) {

  public static final Duration MAX_UPLOAD_URL_VALIDITY = Duration.ofMinutes(15);

  public IngestSettings {
    if (uploadUrlValidity.compareTo(MAX_UPLOAD_URL_VALIDITY) > 0 || uploadUrlValidity.isNegative()
        || uploadUrlValidity.isZero()) {
      throw new IllegalArgumentException("upload URLs are valid for at most 15 minutes");
    }
  }

  /** The embedded defaults: 5 MB or 60 s pages, 30 s idle and 60 s body time-outs. */
  public static IngestSettings defaults(String host, int port, Path dataDir) {
    return new IngestSettings(host, port, new ZoneLayout(dataDir.toString()),
        dataDir.resolve("ingest"), 5L * 1024 * 1024, Duration.ofSeconds(60),
        Duration.ofSeconds(30), Duration.ofSeconds(60), MAX_UPLOAD_URL_VALIDITY,
        Optional.empty());
  }

  public IngestSettings withPages(long bytes, Duration age) {
    return new IngestSettings(host, port, zones, stateFolder, bytes, age, idleTimeout,
        bodyTimeout, uploadUrlValidity, publicUrl);
  }

  public IngestSettings withTimeouts(Duration idle, Duration body) {
    return new IngestSettings(host, port, zones, stateFolder, pageBytes, pageAge, idle, body,
        uploadUrlValidity, publicUrl);
  }
}
