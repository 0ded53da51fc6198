package io.dif.extract.raw;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3-compatible server (S3Proxy over an in-memory blob store) in the test JVM. */
final class TestingS3 implements AutoCloseable {
  private final S3Proxy proxy;
  private final S3Client client;

  TestingS3() throws Exception {
    BlobStoreContext context = ContextBuilder.newBuilder("transient")
        .credentials("identity", "credential").overrides(new Properties())
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder().blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret").build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
    client = S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
        .region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("access", "secret")))
        .build();
  }

  S3Client client() {
    return client;
  }

  @Override
  public void close() throws Exception {
    client.close();
    proxy.stop();
  }
}
