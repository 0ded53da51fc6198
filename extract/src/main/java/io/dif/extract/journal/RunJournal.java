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

  /** A run starts, or an open run is resumed, under the run lock's fencing token. */
  void runStarted(RunKey run, String runId, long fencingToken);

  /** A page's file is stored: from now on it belongs to the run. */
  void pageLanded(RunKey run, LandedPage page);

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
   * @param pagesLanded pages of the chain landed (1, 2, …)
   * @param nextUrl the request of the next page; empty when the chain is done
   */
  record Progress(int pagesLanded, Optional<String> nextUrl) {}

  /**
   * A landed page.
   *
   * @param partition the request chain it belongs to ("" for a stream without parent)
   * @param chainPage its position in that chain, from 1
   * @param nextUrl the chain's next request; empty if this was the chain's last page
   */
  record LandedPage(String runId, long fencingToken, String partition, String file,
      int chainPage, Optional<String> nextUrl, long records) {}
}
