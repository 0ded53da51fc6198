package io.dif.glue;

import io.dif.core.config.ColumnConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.load.CuratedStore.CuratedFile;
import io.dif.load.LoadBatch;
import io.dif.load.LoadResult;
import io.dif.load.Loader;
import io.dif.load.RedshiftConnectorWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The Redshift load through the spark-redshift connector Glue 5.0 and EMR ship
 * ({@code --redshift-write connector}): the batch's curated files of the table's snapshot, read
 * with Spark as the dataset's columns then {@code dt}, written by the connector (which unloads
 * them to {@code tempdir} and COPYs), its post-actions de-duplicating and merging in one
 * transaction exactly as the COPY path does ({@link RedshiftConnectorWrite}).
 */
final class ConnectorLoader implements Loader {
  private final SparkSession spark;
  private final String url;
  private final String tempDir;
  private final String iamRole;
  private final BiConsumer<Dataset<Row>, Map<String, String>> write;

  ConnectorLoader(SparkSession spark, String url, String tempDir, String iamRole) {
    this(spark, url, tempDir, iamRole, (frame, options) -> frame.write()
        .format(RedshiftConnectorWrite.FORMAT).options(options).mode("append").save());
  }

  /** @param write how a frame is written with the connector's options (tests capture it) */
  ConnectorLoader(SparkSession spark, String url, String tempDir, String iamRole,
      BiConsumer<Dataset<Row>, Map<String, String>> write) {
    this.spark = spark;
    this.url = url;
    this.tempDir = tempDir;
    this.iamRole = iamRole;
    this.write = write;
  }

  @Override
  public LoadResult load(LoadBatch batch) {
    List<String> files = batch.snapshot().orElseThrow().allFiles().stream()
        .map(CuratedFile::url).toList();
    List<Column> columns = new ArrayList<>();
    for (ColumnConfig column : batch.config().columns()) {
      columns.add(functions.col(column.name()));
    }
    columns.add(functions.col("dt"));
    Dataset<Row> frame = files.isEmpty()
        ? spark.emptyDataFrame()
        : spark.read().parquet(files.toArray(String[]::new))
            .select(columns.toArray(Column[]::new));
    long rows = files.isEmpty() ? 0 : frame.count();
    try {
      write.accept(frame, RedshiftConnectorWrite.of(batch, url, tempDir, iamRole).options());
    } catch (Exception e) { // Scala throws checked exceptions undeclared
      // Spark: SparkClassNotFoundException [DATA_SOURCE_NOT_FOUND] Failed to find the data
      // source: io.github.spark_redshift_community.spark.redshift
      if (String.valueOf(e.getMessage()).contains(RedshiftConnectorWrite.FORMAT)) {
        throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot load "
            + batch.client() + "." + batch.dataset() + " with the spark-redshift connector:"
            + " it is not on this cluster (Glue 5.0 and EMR provide it); give --redshift-write"
            + " copy: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Cannot write " + batch.client() + "." + batch.dataset()
          + " with the spark-redshift connector: " + e.getMessage(), e);
    }
    return new LoadResult(batch.config().destination().table(), rows, -1, -1);
  }

  @Override
  public void close() {
    // the session is the job's
  }
}
