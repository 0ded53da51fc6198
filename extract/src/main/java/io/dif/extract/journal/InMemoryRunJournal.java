package io.dif.extract.journal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A journal in memory: resumes runs within one process (tests, a retry in the same worker). */
public final class InMemoryRunJournal implements RunJournal {
  private final Map<RunKey, String> openRuns = new HashMap<>();
  private final Map<RunKey, Map<String, Progress>> progress = new HashMap<>();
  private final List<String> landed = new ArrayList<>();
  private final Map<RunKey, String> committedRuns = new HashMap<>();

  @Override
  public synchronized Optional<OpenRun> openRun(RunKey run, Collection<String> partitions) {
    String runId = openRuns.get(run);
    if (runId == null) {
      return Optional.empty();
    }
    Map<String, Progress> reached = new HashMap<>(progress.getOrDefault(run, Map.of()));
    reached.keySet().retainAll(partitions);
    return Optional.of(new OpenRun(runId, reached));
  }

  @Override
  public synchronized Optional<String> committedRun(RunKey run) {
    return Optional.ofNullable(committedRuns.get(run));
  }

  @Override
  public synchronized void runStarted(RunKey run, String runId, long fencingToken) {
    committedRuns.remove(run);
    if (!runId.equals(openRuns.put(run, runId))) {
      progress.remove(run);
    }
  }

  @Override
  public synchronized void pageLanded(RunKey run, LandedPage page) {
    progress.computeIfAbsent(run, key -> new HashMap<>())
        .put(page.partition(), new Progress(page.chainPage(), page.next()));
    landed.add(run + " run=" + page.runId() + " " + page.file());
  }

  @Override
  public synchronized void positionSaved(RunKey run, String runId, long fencingToken,
      String partition, int pagesLanded, Map<String, String> position) {
    progress.computeIfAbsent(run, key -> new HashMap<>())
        .put(partition, new Progress(pagesLanded, Optional.of(position)));
  }

  @Override
  public synchronized void pageDropped(RunKey run, String runId, String file) {
    landed.remove(run + " run=" + runId + " " + file);
  }

  @Override
  public synchronized void runCommitted(RunKey run, String runId, long fencingToken,
      Collection<String> partitions) {
    openRuns.remove(run, runId);
    progress.remove(run);
    committedRuns.put(run, runId);
  }

  /** Every page reported landed and not dropped, as "{run key} run={id} {file}". */
  public synchronized List<String> landedPages() {
    return List.copyOf(landed);
  }
}
