package io.dif.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A curated zone on local disk seen through URLs: {@code s3://bucket/key} maps to
 * {@code root/bucket/key}. For tests and local runs; production lists S3.
 */
public final class LocalCuratedStore implements CuratedStore {
  private final Path root;

  public LocalCuratedStore(Path root) {
    this.root = root;
  }

  Path path(String url) {
    int scheme = url.indexOf("://");
    return root.resolve(scheme < 0 ? url : url.substring(scheme + 3));
  }

  @Override
  public List<CuratedFile> list(String partitionUrl) {
    Path folder = path(partitionUrl);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .sorted()
          .map(f -> new CuratedFile(partitionUrl + "/" + f.getFileName(), size(f)))
          .toList();
    } catch (IOException e) {
      throw CuratedParquet.cannotAccess("list curated files in " + folder, e);
    }
  }

  @Override
  public void write(String url, byte[] content) {
    try {
      Path file = path(url);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw CuratedParquet.cannotAccess("write " + url, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw CuratedParquet.cannotAccess("read the size of " + file, e);
    }
  }
}
