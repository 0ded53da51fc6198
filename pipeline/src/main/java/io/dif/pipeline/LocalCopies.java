package io.dif.pipeline;

import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.load.CuratedSnapshot;
import io.dif.load.CuratedStore.CuratedFile;
import io.dif.load.LoadBatch;
import io.dif.load.LoadResult;
import io.dif.load.Loader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A loader that reads the curated files of a batch from local copies: DuckDB and the PostgreSQL
 * load read Parquet from the local disk, so files on S3 are downloaded into a temporary folder
 * for the load and removed after it.
 */
final class LocalCopies implements Loader {
  private final Loader inner;
  private final S3Client s3;
  private final Path tmp;

  LocalCopies(Loader inner, S3Client s3, Path tmp) {
    this.inner = inner;
    this.s3 = s3;
    this.tmp = tmp;
  }

  @Override
  public LoadResult load(LoadBatch batch) {
    if (batch.snapshot().isEmpty()) {
      return inner.load(batch);
    }
    Path folder;
    try {
      Files.createDirectories(tmp);
      folder = Files.createTempDirectory(tmp, "curated-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a folder for curated copies in " + tmp, e);
    }
    try {
      SortedMap<LocalDate, List<CuratedFile>> local = new TreeMap<>();
      int index = 0;
      for (var date : batch.snapshot().get().files().entrySet()) {
        List<CuratedFile> copies = new ArrayList<>();
        for (CuratedFile file : date.getValue()) {
          Path copy = folder.resolve(String.format("%05d.parquet", index++));
          download(file.url(), copy);
          copies.add(new CuratedFile(copy.toString(), file.bytes()));
        }
        local.put(date.getKey(), copies);
      }
      CuratedSnapshot snapshot = new CuratedSnapshot(batch.snapshot().get().snapshotId(), local);
      return inner.load(new LoadBatch(batch.client(), batch.dataset(), batch.config(),
          batch.curatedPath(), batch.dates(), java.util.Optional.of(snapshot)));
    } finally {
      delete(folder);
    }
  }

  private void download(String url, Path copy) {
    S3Url object = S3Url.of(url);
    try {
      s3.getObject(request -> request.bucket(object.bucket()).key(object.key()), copy);
    } catch (SdkException e) {
      throw new RetriableException(ErrorCode.LOAD_FAILED, "Cannot read curated file " + url
          + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary copy is removed with the data folder's tmp/
    }
  }

  @Override
  public void close() {
    inner.close();
  }
}
