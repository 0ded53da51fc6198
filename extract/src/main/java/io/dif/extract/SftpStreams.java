package io.dif.extract;

import io.dif.core.config.DataFormat;
import io.dif.core.config.SftpSourceConfig;
import io.dif.core.config.SftpStreamConfig;
import io.dif.core.config.SourceConfig;
import io.dif.core.credential.Secret;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.run.RunStoppedException;
import io.dif.core.state.Checkpoint;
import io.dif.core.state.CheckpointKey;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.journal.RunJournal.RunKey;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.raw.RawStore;
import io.dif.extract.sftp.PgpDecryption;
import io.dif.extract.sftp.SftpFolder;
import io.dif.extract.sftp.SftpFolder.RemoteFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands the streams of an sftp source: each run (data date = the run date) lists the folder,
 * keeps the files not landed before (same path, size and modification time: a checkpoint per
 * file) that are stable (unchanged across two listings {@code stable_after} apart), and lands
 * each as one raw document, decrypted on the way when asked. Each file is a request chain of
 * one page, so a killed run resumes with the files it has not landed. A file that cannot be
 * decrypted lands nothing; the others are committed and the stream then fails naming it.
 */
final class SftpStreams {
  private static final Logger LOG = LoggerFactory.getLogger(SftpStreams.class);
  static final String FILE_PARTITION = "file:";
  static final String LAST_RUN = "last-run";

  private final LandingContext context;
  private final ReportJob.Sleeper sleeper;

  SftpStreams(LandingContext context, ReportJob.Sleeper sleeper) {
    this.context = context;
    this.sleeper = sleeper;
  }

  void extract(String client, String sourceName, SourceConfig source, List<String> streams,
      ExtractionPlan plan, List<StreamRunResult> runs, List<StreamFailure> failures) {
    for (String streamName : streams) {
      try {
        runs.add(extractStream(client, sourceName, source.sftp().orElseThrow(), streamName,
            source.streams().get(streamName).sftp().orElseThrow(),
            source.streams().get(streamName).landedFormat(), plan.today()));
      } catch (RunStoppedException e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.warn("Stream {}.{}.{} failed; the other streams go on: {}", client, sourceName,
            streamName, e.getMessage());
        failures.add(new StreamFailure(sourceName, streamName, e, Optional.empty()));
      }
    }
  }

  private StreamRunResult extractStream(String client, String sourceName,
      SftpSourceConfig source, String streamName, SftpStreamConfig stream, DataFormat format,
      LocalDate dt) {
    String qualified = client + "." + sourceName + "." + streamName;
    context.stop().check("extracting " + qualified);
    Optional<PgpDecryption> pgp = stream.decrypt().map(decrypt -> pgp(qualified, client,
        decrypt.privateKeyCredential(), decrypt.passphraseCredential()));
    try (RunLocks.RunLock lock = context.locks().acquire(RunLocks.streamLock(client, sourceName,
        streamName));
        SftpFolder folder = SftpFolder.connect(qualified, source,
            secret(client, source.passwordCredential()),
            secret(client, source.privateKeyCredential()),
            secret(client, source.privateKeyPassphraseCredential()))) {
      List<RemoteFile> wanted = stableNewFiles(qualified, folder, stream, client, sourceName,
          streamName);
      Map<String, RemoteFile> byPartition = new LinkedHashMap<>();
      wanted.forEach(file -> byPartition.put(RunProgress.partitionName(parent(file)), file));
      CheckpointKey lastRunKey = new CheckpointKey(client, sourceName, streamName, LAST_RUN);
      Carried carried = carried(qualified, client, sourceName, streamName, dt, lastRunKey);
      List<String> partitions = new ArrayList<>(carried.pages().keySet());
      partitions.addAll(byPartition.keySet());
      context.counters().streamStarted(qualified, dt);
      Instant started = context.clock().instant();
      RunProgress progress = RunProgress.open(context.raw(), context.journal(), lock,
          new RunKey(client, sourceName, streamName, dt), partitions,
          context.clock()).countingIn(context.counters());
      DocumentLanding landing = new DocumentLanding(qualified, progress);
      for (Map.Entry<String, RawManifest.Page> entry : carried.pages().entrySet()) {
        if (!progress.done(entry.getKey())) {
          try {
            landing.carry(carried.run(), entry.getValue());
          } catch (IOException e) {
            throw RunProgress.rawFailure("carry " + entry.getValue().file() + " of the date's"
                + " earlier run over for stream " + qualified, e);
          }
          progress.landed(entry.getKey(), 1, List.of(), Optional.empty());
        }
      }
      List<String> undecryptable = new ArrayList<>();
      for (Map.Entry<String, RemoteFile> entry : byPartition.entrySet()) {
        if (progress.done(entry.getKey())) {
          continue;
        }
        context.stop().check("extracting " + progress.key() + " (" + progress.pages().size()
            + " files landed in run " + progress.runId() + ")");
        RemoteFile file = entry.getValue();
        try {
          landFile(folder, file, pgp, format, source, landing);
        } catch (PgpDecryption.NotDecryptable e) {
          LOG.warn("Cannot decrypt {} of stream {}: {}; nothing of it landed", file.path(),
              qualified, e.getMessage());
          undecryptable.add(file.path() + ": " + e.getMessage());
          continue;
        } catch (IOException e) {
          throw RunProgress.rawFailure("land " + file.path() + " of stream " + qualified, e);
        }
        progress.landed(entry.getKey(), 1, List.of(), Optional.empty());
      }
      List<RawManifest.Page> pages = new ArrayList<>(progress.pages());
      pages.sort(Comparator.comparing(RawManifest.Page::file));
      RawManifest manifest = new RawManifest(client, sourceName, streamName, dt,
          progress.runId(), null, null, progress.fencingToken(), started,
          context.clock().instant(), pages);
      progress.commit(manifest.toJson(), partitions);
      for (RawManifest.Page page : pages) {
        context.checkpoints().save(new Checkpoint(fileKey(client, sourceName, streamName,
            page.parent().get("file")), null, null, Optional.of(identity(page.parent())),
            List.of(), progress.runId(), lock.fencingToken(), null));
      }
      context.checkpoints().save(new Checkpoint(lastRunKey, dt, dt, Optional.empty(), List.of(),
          progress.runId(), lock.fencingToken(), null));
      context.counters().runCommitted();
      LOG.info("Landed {} dt={}: {} files", qualified, dt, pages.size());
      if (!undecryptable.isEmpty()) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot decrypt " + undecryptable.size()
            + " file(s) of stream " + qualified + " (nothing of them landed; the other files"
            + " did): " + String.join("; ", undecryptable));
      }
      return new StreamRunResult(sourceName, streamName, dt, progress.runId(), pages.size(),
          manifest.totalRecords(), manifest.totalBytes(),
          pages.stream().mapToLong(RawManifest.Page::storedBytes).sum(),
          progress.run().location());
    }
  }

  /** The pages of the date's earlier committed run, by partition, and where they are. */
  private record Carried(RawStore.RawRun run, Map<String, RawManifest.Page> pages) {}

  /**
   * The date's newest run supersedes its earlier runs, so a second run on the same date carries
   * the files of the earlier one over (the transform reads only the newest run of a date).
   */
  private Carried carried(String qualified, String client, String source, String stream,
      LocalDate dt, CheckpointKey lastRunKey) {
    Optional<String> earlier = context.checkpoints().checkpoint(lastRunKey)
        .filter(checkpoint -> dt.equals(checkpoint.windowEnd())).map(Checkpoint::runId);
    if (earlier.isEmpty()) {
      return new Carried(null, Map.of());
    }
    try {
      RawStore.RawRun run = context.raw().openRun(client, source, stream, dt, earlier.get());
      RawManifest manifest;
      try (InputStream in = run.open(ZoneLayout.MANIFEST)) {
        manifest = RawManifest.fromJson(in);
      }
      Map<String, RawManifest.Page> pages = new LinkedHashMap<>();
      manifest.pages().forEach(page -> pages.put(RunProgress.partitionName(page.parent()),
          page));
      return new Carried(run, pages);
    } catch (IOException e) {
      throw RunProgress.rawFailure("read run " + earlier.get() + " of stream " + qualified
          + " dt=" + dt + " to carry its files over", e);
    }
  }

  /** Files not landed before and unchanged across two listings {@code stable_after} apart. */
  private List<RemoteFile> stableNewFiles(String qualified, SftpFolder folder,
      SftpStreamConfig stream, String client, String source, String streamName) {
    List<RemoteFile> fresh = folder.list(stream.folder(), stream.glob()).stream()
        .filter(file -> !landedBefore(client, source, streamName, file)).toList();
    if (fresh.isEmpty()) {
      return fresh;
    }
    wait(stream.stableAfter(), qualified);
    Set<RemoteFile> again = Set.copyOf(folder.list(stream.folder(), stream.glob()));
    List<RemoteFile> stable = fresh.stream().filter(again::contains).toList();
    if (stable.size() < fresh.size()) {
      LOG.info("Stream {}: {} still changing, left for a later run", qualified, fresh.stream()
          .filter(file -> !again.contains(file)).map(RemoteFile::path)
          .collect(Collectors.joining(", ")));
    }
    return stable;
  }

  private void wait(Duration duration, String qualified) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      context.stop().check("extracting " + qualified);
      throw new IllegalStateException("Interrupted while extracting " + qualified, e);
    }
  }

  private boolean landedBefore(String client, String source, String stream, RemoteFile file) {
    return context.checkpoints().checkpoint(fileKey(client, source, stream, file.path()))
        .flatMap(Checkpoint::pageToken).map(identity(parent(file))::equals).orElse(false);
  }

  private static void landFile(SftpFolder folder, RemoteFile file, Optional<PgpDecryption> pgp,
      DataFormat format, SftpSourceConfig source, DocumentLanding landing) throws IOException {
    try (InputStream remote = folder.open(file.path())) {
      InputStream content = pgp.isPresent() ? pgp.get().decrypt(remote) : remote;
      PushbackInputStream head = new PushbackInputStream(content, 4);
      byte[] magic = head.readNBytes(4);
      head.unread(magic);
      String packed = magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b
          ? "gzip" : magic.length >= 2 && magic[0] == 'P' && magic[1] == 'K' ? "zip" : null;
      landing.land(extension(format), packed, new DocumentLanding.Description("GET",
          "sftp://" + source.host() + ":" + source.port() + file.path(), parent(file),
          "application/octet-stream"), out -> {
            head.transferTo(out);
            return 0;
          }, true);
    }
  }

  private static Map<String, String> parent(RemoteFile file) {
    Map<String, String> parent = new LinkedHashMap<>();
    parent.put("file", file.path());
    parent.put("size", Long.toString(file.size()));
    parent.put("modified", Instant.ofEpochMilli(file.modifiedMillis()).toString());
    return parent;
  }

  private static String identity(Map<String, String> parent) {
    return parent.get("size") + "@" + parent.get("modified");
  }

  private static CheckpointKey fileKey(String client, String source, String stream,
      String path) {
    return new CheckpointKey(client, source, stream, FILE_PARTITION + path);
  }

  private Optional<Secret> secret(String client, Optional<String> name) {
    return name.map(credential -> context.credentials().get(client, credential));
  }

  private PgpDecryption pgp(String qualified, String client, String key,
      Optional<String> passphrase) {
    try {
      return new PgpDecryption(context.credentials().get(client, key).reveal(), passphrase
          .map(name -> context.credentials().get(client, name).reveal().toCharArray())
          .orElse(new char[0]));
    } catch (IOException e) {
      throw new ConfigurationException(ErrorCode.CREDENTIAL_UNREADABLE, "Cannot read the PGP"
          + " key " + key + " of stream " + qualified + ": " + e.getMessage());
    }
  }

  private static String extension(DataFormat format) {
    return switch (format) {
      case JSON -> "json";
      case JSON_LINES -> "jsonl";
      case CSV -> "csv";
      case XML -> "xml";
    };
  }
}
