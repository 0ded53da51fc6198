package io.dif.core.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The erasures of a deployment, in its control store (SQLite or DynamoDB): who asked, when, the
 * subjects' audit hashes (never a value), what each zone and table lost, STARTED then DONE, so
 * a killed erasure is seen and rerun. Each erasure also keeps its request as keyed hashes
 * (the field and HMAC of the value with the client's request key), so the person can be found
 * again in data a backfill lands later.
 */
public interface ErasureLedger {
  /** A kept request: the field the person was named by and the keyed hash of the value. */
  record Request(String field, String keyedHash) {
    /** Reads {@link #entry()}. */
    public static Request parse(String entry) {
      int equals = entry.lastIndexOf('=');
      return new Request(entry.substring(0, equals), entry.substring(equals + 1));
    }

    /** {@code field=keyedHash}, as the stores keep it. */
    public String entry() {
      return field + "=" + keyedHash;
    }
  }

  /** One erasure as recorded; {@code finishedAt} is empty while it is STARTED. */
  record Erasure(String id, String client, String requestedBy, Instant requestedAt,
      List<String> auditHashes, List<Request> requests, String details,
      Optional<Instant> finishedAt) {
    public Erasure {
      auditHashes = List.copyOf(auditHashes);
      requests = List.copyOf(requests);
    }

    public boolean done() {
      return finishedAt.isPresent();
    }
  }

  /** Records an erasure that starts (its details empty, not finished). */
  void started(Erasure erasure);

  /** Records what the erasure {@code id} of {@code client} changed, and that it is done. */
  void done(String client, String id, String details, Instant at);

  /** The erasures of {@code client}, oldest first. */
  List<Erasure> erasures(String client);

  /** The distinct requests kept for {@code client}, oldest first. */
  default List<Request> requests(String client) {
    Set<Request> requests = new LinkedHashSet<>();
    erasures(client).forEach(erasure -> requests.addAll(erasure.requests()));
    return List.copyOf(requests);
  }

  /**
   * The audit hash of a subject: SHA-256 of a DIF-specific prefix, the field and the trimmed,
   * lower-case value. It names a request in the audit; it matches no stored data.
   */
  static String auditHash(String field, String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
          ("dif-erasure-audit:" + field + "=" + value.trim().toLowerCase(Locale.ROOT))
              .getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
