package io.dif.extract.raw;

import io.dif.core.zone.ZoneLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Raw zone in S3 ({@code s3://bucket/prefix}). A page streams into a multipart upload, one part
 * of {@link #PART_SIZE} held in memory at a time, so memory does not grow with the page; a page
 * smaller than one part is a single PUT. An object exists only once its upload completes, so a
 * killed process leaves no half page under a page name (only an incomplete upload, which the
 * bucket's lifecycle rule {@code AbortIncompleteMultipartUpload} removes). The manifest is PUT
 * last.
 */
public final class S3RawStore implements RawStore {
  /** Size of each uploaded part (S3's minimum is 5 MiB, except the last part). */
  static final int PART_SIZE = 8 * 1024 * 1024;

  private final S3Client s3;
  private final ZoneLayout layout;
  private final String bucket;

  /** @param layout a layout rooted at {@code s3://bucket[/prefix]} */
  public S3RawStore(S3Client s3, ZoneLayout layout) {
    if (!layout.root().startsWith("s3://")) {
      throw new IllegalArgumentException("Cannot use S3 raw store: root is not s3://bucket/…: "
          + layout.root());
    }
    this.s3 = s3;
    this.layout = layout;
    String rest = layout.root().substring("s3://".length());
    this.bucket = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
  }

  @Override
  public RawRun openRun(String client, String source, String stream, LocalDate dt, String runId) {
    String url = layout.rawRun(client, source, stream, dt, runId);
    return new S3Run(url.substring(("s3://" + bucket + "/").length()) + "/");
  }

  private final class S3Run implements RawRun {
    private final String prefix;

    S3Run(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public OutputStream openPage(String fileName) {
      return new MultipartOutputStream(prefix + fileName);
    }

    @Override
    public void commit(byte[] manifestJson) throws IOException {
      try {
        s3.putObject(put -> put.bucket(bucket).key(prefix + ZoneLayout.MANIFEST)
            .contentType("application/json"), RequestBody.fromBytes(manifestJson));
      } catch (SdkException e) {
        throw new IOException("Cannot commit run " + location() + ": " + e.getMessage(), e);
      }
    }

    @Override
    public String location() {
      return "s3://" + bucket + "/" + prefix.substring(0, prefix.length() - 1);
    }

    @Override
    public List<String> files() throws IOException {
      List<String> names = new ArrayList<>();
      try {
        for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
            .bucket(bucket).prefix(prefix).build()).contents()) {
          names.add(object.key().substring(prefix.length()));
        }
      } catch (SdkException e) {
        throw new IOException("Cannot list run " + location() + ": " + e.getMessage(), e);
      }
      names.sort(null);
      return names;
    }

    @Override
    public InputStream open(String fileName) throws IOException {
      try {
        return s3.getObject(get -> get.bucket(bucket).key(prefix + fileName));
      } catch (SdkException e) {
        throw new IOException("Cannot read " + location() + "/" + fileName + ": "
            + e.getMessage(), e);
      }
    }

    @Override
    public void delete(String fileName) throws IOException {
      try {
        s3.deleteObject(delete -> delete.bucket(bucket).key(prefix + fileName));
      } catch (SdkException e) {
        throw new IOException("Cannot delete " + location() + "/" + fileName + ": "
            + e.getMessage(), e);
      }
    }
  }

  /** Buffers one part; uploads it when full; completes the upload (or PUTs) on close. */
  private final class MultipartOutputStream extends OutputStream {
    private final String key;
    private final byte[] buffer = new byte[PART_SIZE];
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private String uploadId;
    private boolean closed;

    MultipartOutputStream(String key) {
      this.key = key;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      while (length > 0) {
        int chunk = Math.min(length, buffer.length - filled);
        System.arraycopy(bytes, offset, buffer, filled, chunk);
        filled += chunk;
        offset += chunk;
        length -= chunk;
        if (filled == buffer.length) {
          uploadPart();
        }
      }
    }

    private void uploadPart() throws IOException {
      try {
        if (uploadId == null) {
          uploadId = s3.createMultipartUpload(create -> create.bucket(bucket).key(key))
              .uploadId();
        }
        int number = parts.size() + 1;
        String etag = s3.uploadPart(part -> part.bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(number).contentLength((long) filled),
            RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, filled), filled))
            .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
      } catch (SdkException e) {
        abort();
        throw new IOException("Cannot upload s3://" + bucket + "/" + key + ": "
            + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (uploadId == null) {
          s3.putObject(put -> put.bucket(bucket).key(key),
              RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, filled), filled));
          return;
        }
        if (filled > 0) {
          uploadPart();
        }
        s3.completeMultipartUpload(complete -> complete.bucket(bucket).key(key)
            .uploadId(uploadId).multipartUpload(upload -> upload.parts(parts)));
      } catch (SdkException e) {
        abort();
        throw new IOException("Cannot upload s3://" + bucket + "/" + key + ": "
            + e.getMessage(), e);
      }
    }

    private void abort() {
      if (uploadId != null) {
        try {
          s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException ignored) {
          // the bucket's lifecycle rule removes incomplete uploads
        }
      }
    }
  }
}
