package io.dif.core.zone;

import java.time.LocalDate;

/**
 * Where each zone keeps its files, below one root: a local folder ({@code ./data}) or an S3
 * prefix ({@code s3://bucket/prefix}). Paths use '/' whatever the platform, so Spark, the AWS SDK
 * and the local file system read the same strings.
 *
 * <pre>
 * raw/{client}/{source}/{stream}/dt={yyyy-MM-dd}/run={runId}/page-{00000}.{ext}
 * raw/{client}/{source}/{stream}/dt={yyyy-MM-dd}/run={runId}/_manifest.json   (written last)
 * curated/{client}/{dataset}/dt={yyyy-MM-dd}/part-*.parquet
 * quarantine/{client}/{dataset}/dt={yyyy-MM-dd}/run={runId}/part-*.parquet
 * </pre>
 */
public record ZoneLayout(String root) {
  public static final String MANIFEST = "_manifest.json";

  public ZoneLayout {
    root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public String rawStream(String client, String source, String stream) {
    return root + "/raw/" + client + "/" + source + "/" + stream;
  }

  public String rawRun(String client, String source, String stream, LocalDate dt, String runId) {
    return rawStream(client, source, stream) + "/dt=" + dt + "/run=" + runId;
  }

  public static String pageName(int index, String extension) {
    return String.format("page-%05d.%s", index, extension);
  }

  public String curated(String client, String dataset) {
    return root + "/curated/" + client + "/" + dataset;
  }

  public String quarantine(String client, String dataset) {
    return root + "/quarantine/" + client + "/" + dataset;
  }

  public String quarantineRun(String client, String dataset, LocalDate dt, String runId) {
    return quarantine(client, dataset) + "/dt=" + dt + "/run=" + runId;
  }
}
