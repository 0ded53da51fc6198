package io.dif.pipeline;

import java.net.URI;

/** An {@code s3://} or {@code s3a://} URL as bucket and key. */
record S3Url(String bucket, String key) {
  static S3Url of(String url) {
    URI uri = URI.create(url);
    return new S3Url(uri.getHost(), uri.getPath().replaceFirst("^/", ""));
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
