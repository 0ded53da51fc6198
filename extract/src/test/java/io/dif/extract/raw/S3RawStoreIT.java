package io.dif.extract.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.zone.ZoneLayout;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The S3 raw store against S3Proxy: multipart pages, small pages, manifest last, resume. */
class S3RawStoreIT {
  private static TestingS3 s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = new TestingS3();
    s3.client().createBucket(create -> create.bucket("lake"));
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  @Test
  void streamsPagesLargerThanOnePartAndCommitsTheManifestLast() throws Exception {
    RawStore store = new S3RawStore(s3.client(), new ZoneLayout("s3://lake/zones"));
    RawStore.RawRun run = store.openRun("acme", "meta", "insights", LocalDate.of(2024, 1, 2),
        "20240103T000000Z-0001");
    assertThat(run.location())
        .isEqualTo("s3://lake/zones/raw/acme/meta/insights/dt=2024-01-02/run=20240103T000000Z-0001");

    // 2.5 parts, written in odd-sized chunks
    byte[] large = new byte[S3RawStore.PART_SIZE * 5 / 2 + 17];
    new Random(7).nextBytes(large);
    try (OutputStream out = run.openPage("page-00000.json.gz")) {
      for (int at = 0; at < large.length; at += 100_003) {
        out.write(large, at, Math.min(100_003, large.length - at));
      }
      // nothing is visible before the page's stream closes
      assertThat(run.files()).isEmpty();
    }
    try (OutputStream out = run.openPage("page-00001.json.gz")) {
      out.write("small".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(run.files()).containsExactly("page-00000.json.gz", "page-00001.json.gz");
    run.commit("{\"pages\":[]}".getBytes(StandardCharsets.UTF_8));

    assertThat(run.files()).containsExactly("_manifest.json", "page-00000.json.gz",
        "page-00001.json.gz");
    try (InputStream in = run.open("page-00000.json.gz")) {
      assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(large));
    }
    try (InputStream in = run.open("page-00001.json.gz")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("small");
    }
    run.delete("page-00001.json.gz");
    assertThat(run.files()).containsExactly("_manifest.json", "page-00000.json.gz");
  }

  @Test
  void anEmptyPageIsStoredAsAnEmptyObject() throws Exception {
    RawStore.RawRun run = new S3RawStore(s3.client(), new ZoneLayout("s3://lake"))
        .openRun("acme", "meta", "campaigns", LocalDate.of(2024, 1, 1), "r1");
    try (OutputStream out = run.openPage("page-00000.json.gz")) {
      // nothing written
    }
    assertThat(run.files()).containsExactly("page-00000.json.gz");
    try (InputStream in = run.open("page-00000.json.gz")) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
