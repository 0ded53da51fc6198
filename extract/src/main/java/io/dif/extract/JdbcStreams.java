package io.dif.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dif.core.config.JdbcSourceConfig;
import io.dif.core.config.JdbcStreamConfig;
import io.dif.core.config.SourceConfig;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.run.RunStoppedException;
import io.dif.core.state.Checkpoint;
import io.dif.core.state.CheckpointKey;
import io.dif.core.zone.RawManifest;
import io.dif.extract.jdbc.JdbcTable;
import io.dif.extract.jdbc.JdbcTable.Position;
import io.dif.extract.journal.RunJournal.RunKey;
import io.dif.extract.lock.RunLocks;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands the streams of a jdbc source. A run of data date dt (the run date) reads the rows after
 * the stream's high-water mark (or from {@code lookback} before it) up to the largest
 * watermark when the run began, page by page by keyset; each landed page's checkpoint holds the
 * last (watermark, key) it read, so a killed run resumes after its last landed page. The mark
 * moves only after the run's manifest is written. A second run on the same date reads again
 * from the mark the date began with, so the date's newest run (which supersedes the others)
 * holds every row of that date.
 */
final class JdbcStreams {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStreams.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAIN = "";
  static final String MARK_PARTITION = "watermark";

  private final LandingContext context;

  JdbcStreams(LandingContext context) {
    this.context = context;
  }

  /** Lands each stream; a stream that fails is recorded and the others go on. */
  void extract(String client, String sourceName, SourceConfig source, List<String> streams,
      ExtractionPlan plan, List<StreamRunResult> runs, List<StreamFailure> failures) {
    for (String streamName : streams) {
      try {
        runs.add(extractStream(client, sourceName, source.jdbc().orElseThrow(), streamName,
            source.streams().get(streamName).jdbc().orElseThrow(), plan.today()));
      } catch (RunStoppedException e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.warn("Stream {}.{}.{} failed; the other streams go on: {}", client, sourceName,
            streamName, e.getMessage());
        failures.add(new StreamFailure(sourceName, streamName, e, Optional.empty()));
      }
    }
  }

  /** The stream's mark: where its last committed run ended, and where its date began. */
  record Mark(LocalDate dt, Optional<Position> mark, Optional<Position> base) {}

  private StreamRunResult extractStream(String client, String sourceName,
      JdbcSourceConfig source, String streamName, JdbcStreamConfig stream, LocalDate dt) {
    String qualified = client + "." + sourceName + "." + streamName;
    context.stop().check("extracting " + qualified);
    try (RunLocks.RunLock lock = context.locks().acquire(RunLocks.streamLock(client, sourceName,
        streamName))) {
      CheckpointKey markKey = new CheckpointKey(client, sourceName, streamName, MARK_PARTITION);
      Optional<Mark> stored = readMark(qualified, markKey);
      // a date's later run starts where the date's first run started
      Optional<Position> base = stored.flatMap(m -> m.dt().equals(dt) ? m.base() : m.mark());
      context.counters().streamStarted(qualified, dt);
      Instant started = context.clock().instant();
      RunProgress progress = RunProgress.open(context.raw(), context.journal(), lock,
          new RunKey(client, sourceName, streamName, dt), List.of(CHAIN), context.clock())
          .countingIn(context.counters());
      Optional<Position> last;
      try (JdbcTable table = JdbcTable.open(qualified, source, stream,
          context.credentials().get(client, source.userCredential()),
          context.credentials().get(client, source.passwordCredential()))) {
        last = readPages(qualified, table, stream, progress, base);
      }
      List<RawManifest.Page> pages = new ArrayList<>(progress.pages());
      pages.sort(Comparator.comparing(RawManifest.Page::file));
      RawManifest manifest = new RawManifest(client, sourceName, streamName, dt,
          progress.runId(), null, null, progress.fencingToken(), started,
          context.clock().instant(), pages);
      progress.commit(manifest.toJson(), List.of(CHAIN));
      context.checkpoints().save(new Checkpoint(markKey, null, null, Optional.of(
          markJson(new Mark(dt, last.or(() -> base), base))), List.of(), progress.runId(),
          lock.fencingToken(), null));
      context.counters().runCommitted();
      LOG.info("Landed {} dt={}: {} pages, {} rows; high-water mark {}", qualified, dt,
          pages.size(), manifest.totalRecords(), last.or(() -> base).map(Position::toString)
              .orElse("none"));
      return new StreamRunResult(sourceName, streamName, dt, progress.runId(), pages.size(),
          manifest.totalRecords(), manifest.totalBytes(),
          pages.stream().mapToLong(RawManifest.Page::storedBytes).sum(),
          progress.run().location());
    }
  }

  /** Lands pages until one holds fewer than page_size rows; returns the last row's position. */
  private Optional<Position> readPages(String qualified, JdbcTable table,
      JdbcStreamConfig stream, RunProgress progress, Optional<Position> base) {
    Optional<Map<String, String>> saved = progress.position(CHAIN);
    String upper;
    Optional<Position> after;
    Optional<String> fromInclusive = Optional.empty();
    if (saved.isPresent()) {
      upper = saved.get().get("upper");
      after = Optional.of(new Position(saved.get().get("watermark"), saved.get().get("key")));
    } else {
      Optional<String> largest = table.upperBound();
      if (largest.isEmpty()) {
        return base;
      }
      upper = largest.get();
      after = base;
      if (base.isPresent() && !stream.lookback().isZero()) {
        fromInclusive = Optional.of(table.lookbackFrom(base.get().watermark(),
            stream.lookback()));
        after = Optional.empty();
      }
    }
    DocumentLanding landing = new DocumentLanding(qualified, progress);
    int chainPage = progress.pagesLanded(CHAIN);
    Optional<Position> last = after;
    while (true) {
      if (chainPage > 0) {
        context.stop().check("extracting " + progress.key() + " (" + progress.pages().size()
            + " pages landed in run " + progress.runId() + ")");
      }
      JdbcTable.Bounds bounds = new JdbcTable.Bounds(fromInclusive, last, upper,
          stream.pageSize());
      JdbcTable.Page[] read = new JdbcTable.Page[1];
      try {
        landing.land("jsonl", null, new DocumentLanding.Description("SELECT",
            table.description(), Map.of(), "application/x-ndjson"), out -> {
              read[0] = table.readPage(bounds, out);
              return read[0].rows();
            }, false);
      } catch (IOException e) {
        throw RunProgress.rawFailure("write a page of stream " + qualified + " to "
            + progress.run().location(), e);
      }
      if (read[0].rows() == 0) {
        return last;
      }
      chainPage++;
      last = read[0].last();
      fromInclusive = Optional.empty();
      // the position is kept even after the last page: the mark is made from it on a resume
      progress.landed(CHAIN, chainPage, List.of(), Optional.of(position(upper, last.get())));
      if (read[0].rows() < stream.pageSize()) {
        return last;
      }
    }
  }

  private static Map<String, String> position(String upper, Position last) {
    Map<String, String> position = new LinkedHashMap<>();
    position.put("kind", "keyset");
    position.put("upper", upper);
    position.put("watermark", last.watermark());
    if (last.key() != null) {
      position.put("key", last.key());
    }
    return position;
  }

  private Optional<Mark> readMark(String qualified, CheckpointKey key) {
    return context.checkpoints().checkpoint(key).flatMap(Checkpoint::pageToken).map(token -> {
      try {
        JsonNode node = JSON.readTree(token);
        return new Mark(LocalDate.parse(node.path("dt").asText()), position(node.path("mark")),
            position(node.path("base")));
      } catch (IOException | RuntimeException e) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot read the high-water mark of"
            + " stream " + qualified + ": not a jdbc mark: " + token);
      }
    });
  }

  private static Optional<Position> position(JsonNode node) {
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    return Optional.of(new Position(node.path("watermark").asText(),
        node.hasNonNull("key") ? node.get("key").asText() : null));
  }

  private static String markJson(Mark mark) {
    ObjectNode node = JSON.createObjectNode().put("format", 1).put("dt", mark.dt().toString());
    put(node, "mark", mark.mark());
    put(node, "base", mark.base());
    return node.toString();
  }

  private static void put(ObjectNode node, String name, Optional<Position> position) {
    if (position.isEmpty()) {
      node.putNull(name);
      return;
    }
    ObjectNode saved = node.putObject(name).put("watermark", position.get().watermark());
    if (position.get().key() == null) {
      saved.putNull("key");
    } else {
      saved.put("key", position.get().key());
    }
  }
}
