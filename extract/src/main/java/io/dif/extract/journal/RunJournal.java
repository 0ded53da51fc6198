package io.dif.extract.journal;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where extraction runs stand, so a run killed at any point resumes from its last landed page:
 * no page lost, none landed twice. The extractor reports each landed page after its file is
 * stored; a page counts as landed once {@link #pageLanded} returned.
 * Implementations: {@link InMemoryRunJournal} (tests, one process) and
 * {@link CheckpointRunJournal} (checkpoints and LANDED states in the control store).
 */
public interface RunJournal {

  /**
   * The uncommitted run of this stream and date that an earlier process left, with the progress
   * of each of {@code partitions} it reached; empty when the last run committed or none began.
   */
  Optional<OpenRun> openRun(RunKey run, Collection<String> partitions);

  /**
   * The id of the committed run of this stream and date, if the last run of it committed and
   * the journal keeps that; empty otherwise (none began, one is open, or the journal forgets).
   */
  default Optional<String> committedRun(RunKey run) {
    return Optional.empty();
  }

  /** A run starts, or an open run is resumed, under the run lock's fencing token. */
  void runStarted(RunKey run, String runId, long fencingToken);

  /** A page's file is stored: from now on it belongs to the run. */
  void pageLanded(RunKey run, LandedPage page);

  /**
   * A chain moved without landing a page (a report was created): {@code position} replaces the
   * chain's saved position, its landed pages stay.
   */
  void positionSaved(RunKey run, String runId, long fencingToken, String partition,
      int pagesLanded, Map<String, String> position);

  /** A file landed after the last checkpoint of a killed run was removed; it is fetched again. */
  void pageDropped(RunKey run, String runId, String file);

  /** The run's manifest is written. */
  void runCommitted(RunKey run, String runId, long fencingToken, Collection<String> partitions);

  /** A journal that remembers nothing: every run starts afresh. */
  static RunJournal none() {
    return new RunJournal() {
      @Override
      public Optional<OpenRun> openRun(RunKey run, Collection<String> partitions) {
        return Optional.empty();
      }

      @Override
      public void runStarted(RunKey run, String runId, long fencingToken) {}

      @Override
      public void pageLanded(RunKey run, LandedPage page) {}

      @Override
      public void positionSaved(RunKey run, String runId, long fencingToken, String partition,
          int pagesLanded, Map<String, String> position) {}

      @Override
      public void pageDropped(RunKey run, String runId, String file) {}

      @Override
      public void runCommitted(RunKey run, String runId, long fencingToken,
          Collection<String> partitions) {}
    };
  }

  /** One run: a stream of a client's source, for one data date. */
  record RunKey(String client, String source, String stream, LocalDate dt) {
    public RunKey {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(dt, "dt");
    }

    @Override
    public String toString() {
      return client + "." + source + "." + stream + " dt=" + dt;
    }
  }

  /** An uncommitted run and how far each partition (request chain) got. */
  record OpenRun(String runId, Map<String, Progress> partitions) {
    public OpenRun {
      partitions = Map.copyOf(partitions);
    }
  }

  /**
   * How far a partition's request chain got.
   *
   * @param pagesLanded pages of the chain landed (0, 1, 2, …)
   * @param position where the chain continues, as its paginator or report job saved it (a
   *     cursor, page number, offset, link relative to the base URL, report id; never a host of
   *     the base URL nor a credential); empty when the chain is done
   */
  record Progress(int pagesLanded, Optional<Map<String, String>> position) {
    public Progress {
      position = position.map(Map::copyOf);
    }

    public boolean done() {
      return position.isEmpty();
    }
  }

  /**
   * A landed page.
   *
   * @param partition the request chain it belongs to ("" for a stream without parent)
   * @param chainPage its position in that chain, from 1
   * @param next where the chain continues after it; empty if this was the chain's last page
   */
  record LandedPage(String runId, long fencingToken, String partition, String file,
      int chainPage, Optional<Map<String, String>> next, long records) {
    public LandedPage {
      next = next.map(Map::copyOf);
    }
  }
}
