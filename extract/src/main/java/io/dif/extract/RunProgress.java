package io.dif.extract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run being landed, new or resumed. Beside each page the run stores a small entry
 * ({@code _landed.{page}.json}: its manifest line, chain position and bound parent fields), then
 * tells the {@link RunJournal}; a page is part of the run once the journal took it. Resuming an
 * open run keeps the pages the journal knows, removes files landed after that (a killed
 * process's last page), and continues each request chain from its next request.
 */
final class RunProgress {
  private static final Logger LOG = LoggerFactory.getLogger(RunProgress.class);
  private static final String ENTRY_PREFIX = "_landed.";
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  /** Query parameters that carry credentials: never stored in a checkpoint. */
  private static final Set<String> CREDENTIAL_PARAMETERS = Set.of("access_token", "api_key",
      "apikey", "client_secret", "password", "signature", "sig", "x-amz-signature",
      "x-amz-credential", "x-amz-security-token");

  private final RunKey key;
  private final RawStore.RawRun run;
  private final String runId;
  private final RunJournal journal;
  private final RunLock lock;
  private final Map<String, Progress> resumed;
  private final List<RawManifest.Page> previousPages;
  private final List<Map<String, String>> previousBound;
  private final AtomicInteger pageNumbers;
  private final List<RawManifest.Page> pages;
  private final ThreadLocal<RawManifest.Page> lastAdded = new ThreadLocal<>();

  /** An entry stored beside a landed page. */
  record Entry(@JsonProperty("partition") String partition,
      @JsonProperty("chain_page") int chainPage,
      @JsonProperty("page") RawManifest.Page page,
      @JsonProperty("bound") List<Map<String, String>> bound) {}

  private RunProgress(RunKey key, RawStore.RawRun run, String runId, RunJournal journal,
      RunLock lock, Map<String, Progress> resumed, List<RawManifest.Page> previousPages,
      List<Map<String, String>> previousBound, int firstPageNumber) {
    this.key = key;
    this.run = run;
    this.runId = runId;
    this.journal = journal;
    this.lock = lock;
    this.resumed = resumed;
    this.previousPages = previousPages;
    this.previousBound = previousBound;
    this.pageNumbers = new AtomicInteger(firstPageNumber);
    this.pages = Collections.synchronizedList(new ArrayList<>(previousPages) {
      @Override
      public boolean add(RawManifest.Page page) {
        lastAdded.set(page);
        return super.add(page);
      }
    });
  }

  /** Resumes the open run of {@code key} if the journal has one, else opens a new run. */
  static RunProgress open(RawStore raw, RunJournal journal, RunLock lock, RunKey key,
      List<String> partitions, Clock clock) throws IOException {
    Optional<OpenRun> open = journal.openRun(key, partitions);
    if (open.isEmpty()) {
      String runId = RunIds.next(clock.instant());
      RawStore.RawRun run = raw.openRun(key.client(), key.source(), key.stream(), key.dt(), runId);
      journal.runStarted(key, runId, lock.fencingToken());
      return new RunProgress(key, run, runId, journal, lock, Map.of(), List.of(), List.of(), 0);
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
    List<RawManifest.Page> pages = new ArrayList<>();
    List<Map<String, String>> bound = new ArrayList<>();
    entries.values().forEach(entry -> {
      pages.add(entry.page());
      bound.addAll(entry.bound());
    });
    LOG.info("Resuming run {} of {}: {} pages landed before, {} request chains begun", runId,
        key, pages.size(), reached.size());
    return new RunProgress(key, run, runId, journal, lock, reached, pages, bound, next);
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

  long fencingToken() {
    return lock.fencingToken();
  }

  /** Whether the chain of {@code partition} landed its last page before. */
  boolean done(String partition) {
    Progress progress = resumed.get(partition);
    return progress != null && progress.nextUrl().isEmpty();
  }

  /** Pages of the chain of {@code partition} landed before. */
  int pagesLanded(String partition) {
    Progress progress = resumed.get(partition);
    return progress == null ? 0 : progress.pagesLanded();
  }

  /** The request to continue the chain of {@code partition} with, if it was begun. */
  Optional<PageRequest> resumeRequest(String partition) {
    Progress progress = resumed.get(partition);
    return progress == null ? Optional.empty() : progress.nextUrl().map(RunProgress::decode);
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

  List<RawManifest.Page> previousPages() {
    return previousPages;
  }

  List<Map<String, String>> previousBound() {
    return previousBound;
  }

  String nextFile(String extension) {
    return io.dif.core.zone.ZoneLayout.pageName(pageNumbers.getAndIncrement(), extension);
  }

  /**
   * Records the page this thread just added to {@link #pages()}: its entry beside it, then the
   * journal, with the chain's next request (empty when the chain is done).
   */
  void landed(String partition, int chainPage, List<Map<String, String>> bound,
      Optional<PageRequest> next) throws IOException {
    RawManifest.Page page = lastAdded.get();
    lastAdded.remove();
    if (page == null) {
      throw new IllegalStateException("no page landed by this thread for chain " + partition);
    }
    byte[] entry = JSON.writeValueAsBytes(new Entry(partition, chainPage, page, bound));
    try (OutputStream out = run.openPage(ENTRY_PREFIX + page.file() + ".json")) {
      out.write(entry);
    }
    journal.pageLanded(key, new LandedPage(runId, lock.fencingToken(), partition, page.file(),
        chainPage, next.map(RunProgress::encode), page.records()));
  }

  /** Writes the manifest if this run still holds its lock, then tells the journal. */
  void commit(byte[] manifest, List<String> partitions) throws IOException {
    lock.checkHeld();
    run.commit(manifest);
    journal.runCommitted(key, runId, lock.fencingToken(), partitions);
    // The landing entries only serve a resume; a committed run keeps its pages and manifest.
    // A crash before this cleanup leaves entries that readers ignore (they follow the manifest).
    for (String file : run.files()) {
      if (file.startsWith(ENTRY_PREFIX)) {
        run.delete(file);
      }
    }
  }

  /** A next request as a checkpoint keeps it: the URL, and the JSON body of a POST chain. */
  static String encode(PageRequest request) {
    var node = JSON.createObjectNode().put("url", withoutCredentials(request.url()));
    if (request.body() != null) {
      node.set("body", request.body());
    }
    return node.toString();
  }

  static PageRequest decode(String saved) {
    try {
      var node = JSON.readTree(saved);
      var body = node.get("body");
      return new PageRequest(HttpUrl.get(node.get("url").asText()),
          body == null ? null : (com.fasterxml.jackson.databind.node.ObjectNode) body);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot resume from checkpoint: unreadable request: "
          + saved, e);
    }
  }

  /** The URL without credential query parameters; the auth interceptor adds them per request. */
  static String withoutCredentials(HttpUrl url) {
    HttpUrl.Builder stripped = url.newBuilder().username("").password("");
    for (String name : url.queryParameterNames()) {
      if (CREDENTIAL_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
        stripped.removeAllQueryParameters(name);
      }
    }
    return stripped.build().toString();
  }

  private static int pageIndex(String file) {
    return Integer.parseInt(file.substring("page-".length(), file.indexOf('.')));
  }
}
