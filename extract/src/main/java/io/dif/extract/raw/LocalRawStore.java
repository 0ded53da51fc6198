package io.dif.extract.raw;

import io.dif.core.zone.ZoneLayout;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/**
 * Raw zone on local disk. Each file is written under a temporary name and renamed into place
 * when complete, so a killed process leaves no half page under a page name, and the manifest
 * appears atomically. Reopening a run removes the half-written files a killed process left.
 */
public final class LocalRawStore implements RawStore {
  private final ZoneLayout layout;

  public LocalRawStore(ZoneLayout layout) {
    this.layout = layout;
  }

  @Override
  public RawRun openRun(String client, String source, String stream, LocalDate dt, String runId)
      throws IOException {
    Path folder = Path.of(layout.rawRun(client, source, stream, dt, runId));
    Files.createDirectories(folder);
    try (Stream<Path> files = Files.list(folder)) {
      // half-written files of a killed process: their pages are fetched again
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()) {
        Files.deleteIfExists(file);
      }
    }
    return new LocalRun(folder);
  }

  private record LocalRun(Path folder) implements RawRun {
    @Override
    public OutputStream openPage(String fileName) throws IOException {
      return new RenameOnClose(folder.resolve(fileName));
    }

    @Override
    public void commit(byte[] manifestJson) throws IOException {
      Path temporary = folder.resolve(ZoneLayout.MANIFEST + ".tmp");
      Files.write(temporary, manifestJson);
      Files.move(temporary, folder.resolve(ZoneLayout.MANIFEST), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String location() {
      return folder.toString();
    }

    @Override
    public List<String> files() throws IOException {
      try (Stream<Path> files = Files.list(folder)) {
        return files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".tmp"))
            .sorted().toList();
      }
    }

    @Override
    public InputStream open(String fileName) throws IOException {
      return Files.newInputStream(folder.resolve(fileName));
    }

    @Override
    public void delete(String fileName) throws IOException {
      Files.deleteIfExists(folder.resolve(fileName));
    }
  }

  private static final class RenameOnClose extends FilterOutputStream {
    private final Path target;
    private final Path temporary;
    private boolean closed;

    RenameOnClose(Path target) throws IOException {
      super(Files.newOutputStream(target.resolveSibling(target.getFileName() + ".tmp")));
      this.target = target;
      this.temporary = target.resolveSibling(target.getFileName() + ".tmp");
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      super.close();
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }
}
