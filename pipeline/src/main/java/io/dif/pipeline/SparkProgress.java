package io.dif.pipeline;

import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/** Where the Spark jobs of a transform are: the active stages and their tasks done. */
final class SparkProgress implements Supplier<String> {
  private final SparkStatusTracker tracker;
  private volatile String dataset = "";

  SparkProgress(SparkSession spark) {
    this.tracker = spark.sparkContext().statusTracker();
  }

  /** The dataset being transformed now, shown first on the line. */
  void dataset(String name) {
    this.dataset = name;
  }

  @Override
  public String get() {
    int done = 0;
    int total = 0;
    int stages = 0;
    for (int id : tracker.getActiveStageIds()) {
      Option<SparkStageInfo> info = tracker.getStageInfo(id);
      if (info.isDefined()) {
        stages++;
        done += info.get().numCompletedTasks();
        total += info.get().numTasks();
      }
    }
    return stages == 0 ? dataset + ": planning"
        : String.format(Locale.ROOT, "%s: %d Spark stage%s, %d/%d tasks", dataset, stages,
            stages == 1 ? "" : "s", done, total);
  }
}
