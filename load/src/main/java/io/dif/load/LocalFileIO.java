package io.dif.load;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * Iceberg's file access for tables on the local disk, without Hadoop: what the load needs to
 * read a table's metadata and manifests (and retention and erasure to delete expired files).
 * Paths are plain or {@code file:} URLs.
 */
public final class LocalFileIO implements FileIO {

  static File file(String path) {
    String plain = path.startsWith("file://") ? path.substring("file://".length())
        : path.startsWith("file:") ? path.substring("file:".length()) : path;
    return new File(plain);
  }

  @Override
  public InputFile newInputFile(String path) {
    return org.apache.iceberg.Files.localInput(file(path));
  }

  @Override
  public OutputFile newOutputFile(String path) {
    File file = file(path);
    file.getParentFile().mkdirs();
    return org.apache.iceberg.Files.localOutput(file);
  }

  @Override
  public void deleteFile(String path) {
    try {
      Files.deleteIfExists(file(path).toPath());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + path, e);
    }
  }
}
