package io.dif.glue;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of the module's test run: local[2], UI off, UTC. Built on first use and
 * never stopped by a test (Spark stops it when the test JVM exits).
 */
public final class TestingSpark {
  private static final SparkSession SESSION = SparkSession.builder()
      .appName("dif-glue-jobs-tests")
      .master("local[2]")
      .config("spark.ui.enabled", "false")
      .config("spark.sql.session.timeZone", "UTC")
      .config("spark.sql.shuffle.partitions", "2")
      .config("spark.driver.host", "127.0.0.1")
      .config("spark.driver.bindAddress", "127.0.0.1")
      .getOrCreate();

  private TestingSpark() {}

  public static SparkSession session() {
    return SESSION;
  }
}
