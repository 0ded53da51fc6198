package io.dif.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers already given to an idempotency key ({@code webhook-id} or {@code Idempotency-Key})
 * of a client's source, kept 24 hours: a repeated request gets the same answer and lands
 * nothing. Kept in memory and in a journal file; the write-ahead log also carries each key, so
 * a key whose journal line was lost in a crash is found again from the log it came with. The
 * journal is fsynced before a log segment holding its keys is deleted.
 */
final class Idempotency implements AutoCloseable {
  static final Duration KEPT = Duration.ofHours(24);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path journal;
  private final Clock clock;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();
  private FileChannel out;

  private record Answer(String body, Instant at) {}

  /** Either an answer given before, or the right to answer (the caller then completes it). */
  record Claim(String scope, Optional<String> replay, CompletableFuture<String> future) {}

  Idempotency(Path journal, Clock clock) throws IOException {
    this.journal = journal;
    this.clock = clock;
    Files.createDirectories(journal.getParent());
    Instant oldest = clock.instant().minus(KEPT);
    if (Files.exists(journal)) {
      for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
        try {
          JsonNode entry = JSON.readTree(line);
          Instant at = Instant.ofEpochMilli(entry.get("at").asLong());
          if (at.isAfter(oldest)) {
            answers.put(entry.get("scope").asText(), new Answer(entry.get("answer").asText(), at));
          }
        } catch (IOException | RuntimeException torn) {
          // the last line of a killed process may be cut: its key is in the log it came with
        }
      }
    }
    // compacted: only the answers of the last 24 hours
    Path temporary = journal.resolveSibling(journal.getFileName() + ".tmp");
    Files.write(temporary, answers.entrySet().stream().map(e -> line(e.getKey(),
        e.getValue())).toList(), StandardCharsets.UTF_8);
    Files.move(temporary, journal, StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    out = FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  static String scope(String client, String source, String key) {
    return client + "|" + source + "|" + key;
  }

  /** The earlier answer of the key, or the right to give the first one. */
  Claim claim(String scope) {
    while (true) {
      Answer answer = answers.get(scope);
      if (answer != null && answer.at().isAfter(clock.instant().minus(KEPT))) {
        return new Claim(scope, Optional.of(answer.body()), null);
      }
      CompletableFuture<String> mine = new CompletableFuture<>();
      CompletableFuture<String> other = inFlight.putIfAbsent(scope, mine);
      if (other == null) {
        return new Claim(scope, Optional.empty(), mine);
      }
      try {
        // the same key is being answered right now: give its answer
        return new Claim(scope, Optional.of(other.get(30, TimeUnit.SECONDS)), null);
      } catch (ExecutionException failed) {
        // the first request failed without an answer: this one may try
      } catch (TimeoutException | InterruptedException e) {
        throw new ApiError(503, "Cannot accept the request: another request with the same"
            + " idempotency key is still being written");
      }
    }
  }

  /** Records the answer of a claim (after its events are on disk). */
  void answered(Claim claim, String body) {
    remember(claim.scope(), body);
    inFlight.remove(claim.scope());
    claim.future().complete(body);
  }

  void failed(Claim claim, RuntimeException cause) {
    inFlight.remove(claim.scope());
    claim.future().completeExceptionally(cause);
  }

  /** Remembers an answer (also one found again in the write-ahead log after a crash). */
  void remember(String scope, String body) {
    Answer answer = new Answer(body, clock.instant());
    if (answers.putIfAbsent(scope, answer) == null) {
      byte[] line = (line(scope, answer) + "\n").getBytes(StandardCharsets.UTF_8);
      synchronized (this) {
        try {
          out.write(ByteBuffer.wrap(line));
        } catch (IOException e) {
          throw new IllegalStateException("Cannot write the idempotency journal " + journal, e);
        }
      }
    }
  }

  /** Makes the remembered keys durable (before the log segments that hold them go away). */
  synchronized void force() throws IOException {
    out.force(false);
  }

  /** Forgets answers older than 24 hours (the journal is compacted at the next start). */
  void expire() {
    Instant oldest = clock.instant().minus(KEPT);
    answers.values().removeIf(answer -> !answer.at().isAfter(oldest));
  }

  private static String line(String scope, Answer answer) {
    return JSON.createObjectNode().put("scope", scope).put("at", answer.at().toEpochMilli())
        .put("answer", answer.body()).toString();
  }

  @Override
  public synchronized void close() throws IOException {
    out.force(false);
    out.close();
  }

  int size() {
    return answers.size();
  }

  List<String> scopes() {
    return List.copyOf(answers.keySet());
  }
}
