package io.dif.load;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional Redshift write path ({@code destination.write_path: spark_connector}): a Glue or
 * EMR job writes the batch's DataFrame (dataset columns and {@code dt}) with the spark-redshift
 * community connector those platforms preinstall, referenced by its data source name only, so DIF
 * has no compile dependency on it:
 *
 * <pre>{@code
 * RedshiftConnectorWrite write = RedshiftConnectorWrite.of(batch, jdbcUrl, tempDir, iamRole);
 * frame.write().format(RedshiftConnectorWrite.FORMAT).options(write.options())
 *     .mode("append").save();
 * }</pre>
 *
 * The frame's columns must be the dataset's, in config order, then {@code dt}. The connector
 * COPYs into a raw staging table; its post-actions, run on the same connection,
 * de-duplicate on the key and merge or replace in one transaction, exactly as the COPY path does.
 */
public final class RedshiftConnectorWrite {
  /** The data source name of the connector on Glue 4/5 and EMR 6.10+. */
  public static final String FORMAT = "io.github.spark_redshift_community.spark.redshift";
  private static final DateTimeFormatter SUFFIX =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

  private final Map<String, String> options;

  private RedshiftConnectorWrite(Map<String, String> options) {
    this.options = options;
  }

  /**
   * @param url the cluster's {@code jdbc:redshift:} URL
   * @param tempDir an {@code s3://} folder the connector unloads the DataFrame to before COPY
   * @param iamRole the ARN of the role Redshift assumes to read {@code tempDir}
   */
  public static RedshiftConnectorWrite of(LoadBatch batch, String url, String tempDir,
      String iamRole) {
    return of(batch, url, tempDir, iamRole, Clock.systemUTC());
  }

  static RedshiftConnectorWrite of(LoadBatch batch, String url, String tempDir, String iamRole,
      Clock clock) {
    RedshiftDialect dialect = new RedshiftDialect();
    LoadStatements sql = new LoadStatements(dialect, batch, clock.instant());
    // a permanent table (the connector's COPY runs on its own connection setup), typed by DIF:
    // left to the connector, strings would become VARCHAR(256)
    String raw = sql.table() + "__dif_raw_" + SUFFIX.format(clock.instant());
    List<String> pre = new ArrayList<>(List.of(sql.createSchema(), sql.createTable(),
        "CREATE TABLE " + raw + " (" + RedshiftStatements.typedColumns(batch, dialect) + ", "
            + LoadStatements.DATE_COLUMN + " DATE)"));
    List<String> post = new ArrayList<>();
    post.add(sql.dropStage());
    post.add(sql.createStageFrom(raw));
    post.add("BEGIN");
    post.addAll(sql.transaction());
    post.add("END");
    post.add(sql.dropStage());
    post.add("DROP TABLE " + raw);
    Map<String, String> options = new LinkedHashMap<>();
    options.put("url", url);
    options.put("dbtable", raw);
    options.put("tempdir", tempDir);
    options.put("aws_iam_role", iamRole);
    options.put("tempformat", "PARQUET");
    options.put("preactions", String.join(";", pre));
    options.put("postactions", String.join(";", post));
    return new RedshiftConnectorWrite(java.util.Collections.unmodifiableMap(options));
  }

  /** The connector's options: url, dbtable, tempdir, aws_iam_role, tempformat, pre/postactions. */
  public Map<String, String> options() {
    return options;
  }
}
