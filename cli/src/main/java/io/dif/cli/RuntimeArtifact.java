package io.dif.cli;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;

/**
 * What this artifact of the command line can run: the full CLI has Spark; the extractor jar (the
 * ECS container) has not, so its transform and run commands say where the transform runs
 * instead of failing on a missing class.
 */
final class RuntimeArtifact {
  private RuntimeArtifact() {}

  static void requireSpark(String command) {
    try {
      Class.forName("org.apache.spark.sql.SparkSession", false,
          RuntimeArtifact.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot run dif " + command
          + " here: this is the extractor artifact, without Spark; the transform runs as the"
          + " Glue job io.dif.glue.TransformJob (or spark-submit), or with the full ./dif");
    }
  }
}
