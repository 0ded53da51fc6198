package io.dif.pipeline;

import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.load.CuratedStore;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The curated zone on S3 as Redshift COPY needs it: file listings and load manifests. */
final class S3CuratedStore implements CuratedStore {
  private final S3Client s3;

  S3CuratedStore(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public List<CuratedFile> list(String partitionUrl) {
    S3Url folder = S3Url.of(partitionUrl + "/");
    try {
      return s3.listObjectsV2Paginator(request -> request.bucket(folder.bucket())
              .prefix(folder.key())).contents().stream()
          .filter(object -> object.key().endsWith(".parquet"))
          .map(object -> new CuratedFile("s3://" + folder.bucket() + "/" + object.key(),
              object.size()))
          .sorted(java.util.Comparator.comparing(CuratedFile::url))
          .toList();
    } catch (SdkException e) {
      throw new RetriableException(ErrorCode.LOAD_FAILED, "Cannot list curated files in "
          + partitionUrl + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void write(String url, byte[] content) {
    S3Url object = S3Url.of(url);
    try {
      s3.putObject(request -> request.bucket(object.bucket()).key(object.key()),
          RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw new RetriableException(ErrorCode.LOAD_FAILED, "Cannot write " + url + ": "
          + e.getMessage(), e);
    }
  }

}
