package io.dif.core.config;

/** How curated data reaches Redshift. */
public enum WritePath {
  /** COPY from the curated Parquet in S3, with a manifest listing exactly the batch's files. */
  COPY,
  /**
   * The spark-redshift community connector preinstalled on Glue 4/5 and EMR 6.10+, used by its
   * data source name only.
   */
  SPARK_CONNECTOR
}
