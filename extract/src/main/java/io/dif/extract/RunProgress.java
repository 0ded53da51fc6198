package io.dif.extract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.RunIds;
import io.dif.extract.journal.RunJournal;
import io.dif.extract.journal.RunJournal.LandedPage;
import io.dif.extract.journal.RunJournal.OpenRun;
import io.dif.extract.journal.RunJournal.Progress;
import io.dif.extract.journal.RunJournal.RunKey;
import io.dif.extract.lock.RunLocks.RunLock;
import io.dif.extract.raw.RawStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run being landed, new or resumed. Beside each page the run stores a small entry
 * ({@code _landed.{page}.json}: its manifest line, chain position and bound parent fields), then
 * tells the {@link RunJournal} with the chain's position after it; a page is part of the run
 * once the journal took it. Resuming an open run keeps the pages the journal knows, removes
 * files landed after that (a killed process's last page), and continues each request chain
 * from its saved position (see {@link Paginator#position}). Failures of the raw zone are
 * {@link RetriableException}s with code RAW_WRITE_FAILED.
 */
final class RunProgress {
  private static final Logger LOG = LoggerFactory.getLogger(RunProgress.class);
  private static final String ENTRY_PREFIX = "_landed.";
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final RunKey key;
  private final RawStore.RawRun run;
  private final String runId;
  private final RunJournal journal;
  private final RunLock lock;
  private final Map<String, Progress> resumed;
  /** Entries kept from before, by file of their page. */
  private final Map<String, Entry> previous;
  private final AtomicInteger pageNumbers;
  private final List<RawManifest.Page> pages;
  private final ThreadLocal<RawManifest.Page> lastAdded = new ThreadLocal<>();
  private ExtractionProgress counters = new ExtractionProgress();

  /** An entry stored beside a landed page. */
  record Entry(@JsonProperty("partition") String partition,
      @JsonProperty("chain_page") int chainPage,
      @JsonProperty("page") RawManifest.Page page,
      @JsonProperty("bound") List<Map<String, String>> bound) {}

  private RunProgress(RunKey key, RawStore.RawRun run, String runId, RunJournal journal,
      RunLock lock, Map<String, Progress> resumed, Map<String, Entry> previous,
      int firstPageNumber) {
    this.key = key;
    this.run = run;
    this.runId = runId;
    this.journal = journal;
    this.lock = lock;
    this.resumed = new ConcurrentHashMap<>(resumed);
    this.previous = Collections.synchronizedMap(new TreeMap<>(previous));
    this.pageNumbers = new AtomicInteger(firstPageNumber);
    List<RawManifest.Page> kept = previous.values().stream().map(Entry::page).toList();
    this.pages = Collections.synchronizedList(new ArrayList<>(kept) {
      @Override
      public boolean add(RawManifest.Page page) {
        lastAdded.set(page);
        return super.add(page);
      }
    });
  }

  /** Resumes the open run of {@code key} if the journal has one, else opens a new run. */
  static RunProgress open(RawStore raw, RunJournal journal, RunLock lock, RunKey key,
      List<String> partitions, Clock clock) {
    try {
      return openOrResume(raw, journal, lock, key, partitions, clock);
    } catch (IOException e) {
      throw rawFailure("open run of " + key + " in the raw zone", e);
    }
  }

  private static RunProgress openOrResume(RawStore raw, RunJournal journal, RunLock lock,
      RunKey key, List<String> partitions, Clock clock) throws IOException {
    Optional<OpenRun> open = journal.openRun(key, partitions);
    if (open.isEmpty()) {
      String runId = RunIds.next(clock.instant());
      RawStore.RawRun run = raw.openRun(key.client(), key.source(), key.stream(), key.dt(), runId);
      journal.runStarted(key, runId, lock.fencingToken());
      return new RunProgress(key, run, runId, journal, lock, Map.of(), Map.of(), 0);
    }
    String runId = open.get().runId();
    RawStore.RawRun run = raw.openRun(key.client(), key.source(), key.stream(), key.dt(), runId);
    journal.runStarted(key, runId, lock.fencingToken());
    Map<String, Progress> reached = open.get().partitions();
    List<String> files = run.files();
    Set<String> kept = new HashSet<>();
    Map<String, Entry> entries = new TreeMap<>();
    for (String file : files) {
      if (file.startsWith(ENTRY_PREFIX)) {
        Entry entry;
        try (InputStream in = run.open(file)) {
          entry = JSON.readValue(in, Entry.class);
        }
        Progress progress = reached.get(entry.partition());
        if (progress != null && entry.chainPage() <= progress.pagesLanded()) {
          entries.put(entry.page().file(), entry);
          kept.add(file);
          kept.add(entry.page().file());
        }
      }
    }
    int next = 0;
    for (String file : files) {
      if (file.startsWith("page-") && kept.contains(file)) {
        next = Math.max(next, pageIndex(file) + 1);
      } else if (!kept.contains(file) && !file.equals(io.dif.core.zone.ZoneLayout.MANIFEST)) {
        run.delete(file);
        if (file.startsWith("page-")) {
          journal.pageDropped(key, runId, file);
        }
      }
    }
    LOG.info("Resuming run {} of {}: {} pages landed before, {} request chains begun", runId,
        key, entries.size(), reached.size());
    return new RunProgress(key, run, runId, journal, lock, reached, entries, next);
  }

  /** The name of a partition (request chain) as journals keep it: "" without parent. */
  static String partitionName(Map<String, String> parent) {
    return new TreeMap<>(parent).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
  }

  RawStore.RawRun run() {
    return run;
  }

  String runId() {
    return runId;
  }

  RunKey key() {
    return key;
  }

  long fencingToken() {
    return lock.fencingToken();
  }

  /** Whether the chain of {@code partition} landed its last page before. */
  boolean done(String partition) {
    Progress progress = resumed.get(partition);
    return progress != null && progress.done();
  }

  /** Pages of the chain of {@code partition} landed before. */
  int pagesLanded(String partition) {
    Progress progress = resumed.get(partition);
    return progress == null ? 0 : progress.pagesLanded();
  }

  /** Where the chain of {@code partition} continues, if it was begun and is not done. */
  Optional<Map<String, String>> position(String partition) {
    Progress progress = resumed.get(partition);
    return progress == null ? Optional.empty() : progress.position();
  }

  /**
   * Starts the chain of {@code partition} again from its first page, because its saved
   * position cannot be resumed: its pages landed before are removed from the run.
   */
  void restart(String partition) {
    resumed.remove(partition);
    List<Entry> dropped;
    synchronized (previous) {
      dropped = previous.values().stream().filter(e -> e.partition().equals(partition)).toList();
      dropped.forEach(entry -> previous.remove(entry.page().file()));
    }
    for (Entry entry : dropped) {
      pages.remove(entry.page());
      try {
        run.delete(entry.page().file());
        run.delete(ENTRY_PREFIX + entry.page().file() + ".json");
      } catch (IOException e) {
        throw rawFailure("remove page " + entry.page().file() + " of " + key, e);
      }
      journal.pageDropped(key, runId, entry.page().file());
    }
  }

  /** Numbers of the run's page files: continues after the pages kept from before. */
  AtomicInteger pageNumbers() {
    return pageNumbers;
  }

  /**
   * The run's manifest lines: those kept from before, then each page landed now. The page a
   * thread adds last is the one {@link #landed} records for it.
   */
  List<RawManifest.Page> pages() {
    return pages;
  }

  /** Bound parent fields of the pages kept from before (chains started again excluded). */
  List<Map<String, String>> previousBound() {
    synchronized (previous) {
      return previous.values().stream().flatMap(entry -> entry.bound().stream()).toList();
    }
  }

  /**
   * Records the page this thread just added to {@link #pages()}: its entry beside it, then the
   * journal, with the chain's position after it (empty when the chain is done).
   */
  void landed(String partition, int chainPage, List<Map<String, String>> bound,
      Optional<Map<String, String>> next) {
    RawManifest.Page page = lastAdded.get();
    lastAdded.remove();
    if (page == null) {
      throw new IllegalStateException("no page landed by this thread for chain " + partition);
    }
    try {
      byte[] entry = JSON.writeValueAsBytes(new Entry(partition, chainPage, page, bound));
      try (OutputStream out = run.openPage(ENTRY_PREFIX + page.file() + ".json")) {
        out.write(entry);
      }
    } catch (IOException e) {
      throw rawFailure("record page " + page.file() + " of " + key, e);
    }
    journal.pageLanded(key, new LandedPage(runId, lock.fencingToken(), partition, page.file(),
        chainPage, next, page.records()));
    counters.pageLanded(page.records(), page.bytes());
  }

  /** Where each landed page is counted for the progress line. */
  RunProgress countingIn(ExtractionProgress progress) {
    this.counters = progress;
    return this;
  }

  /** Saves a chain's position without a page (a report created), so a resume finds it. */
  void positionSaved(String partition, int pagesLanded, Map<String, String> position) {
    journal.positionSaved(key, runId, lock.fencingToken(), partition, pagesLanded, position);
  }

  /** Writes the manifest if this run still holds its lock, then tells the journal. */
  void commit(byte[] manifest, List<String> partitions) {
    lock.checkHeld();
    try {
      run.commit(manifest);
    } catch (IOException e) {
      throw rawFailure("commit run " + runId + " of " + key, e);
    }
    journal.runCommitted(key, runId, lock.fencingToken(), partitions);
    // The landing entries only serve a resume; a committed run keeps its pages and manifest.
    // A crash before this cleanup leaves entries that readers ignore (they follow the manifest).
    try {
      for (String file : run.files()) {
        if (file.startsWith(ENTRY_PREFIX)) {
          run.delete(file);
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot remove the landing entries of committed run {} of {}: {}", runId, key,
          e.toString());
    }
  }

  /** A failure of the raw zone: retriable, naming what and where. */
  static RetriableException rawFailure(String action, IOException cause) {
    return new RetriableException(ErrorCode.RAW_WRITE_FAILED, "Cannot " + action + ": "
        + describe(cause), cause);
  }

  /** An I/O failure in one line: its kind and message. */
  static String describe(IOException e) {
    String kind = e.getClass().getSimpleName();
    return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
  }

  private static int pageIndex(String file) {
    return Integer.parseInt(file.substring("page-".length(), file.indexOf('.')));
  }
}
