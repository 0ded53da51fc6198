package io.dif.glue;

import io.dif.core.config.Warehouse;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.load.LoadResult;
import io.dif.pipeline.DeploymentProfile;
import io.dif.pipeline.ProfileKey;
import org.apache.spark.sql.SparkSession;
import io.dif.pipeline.Pipeline;
import java.io.PrintStream;
import java.util.List;

/**
 * The load stage as a Glue 5.0 Java job (and a {@code spark-submit} application): the curated
 * dates of the client not loaded yet, read from each table's current snapshot, merged into the
 * warehouse in one transaction per dataset; documents become LOADED. For Redshift the data goes
 * by COPY from the curated files' manifest into a staging table, then a merge; the warehouse
 * connection is the deployment's ({@code --redshift-url}, {@code --redshift-iam-role},
 * {@code --warehouse-credential} or IAM), never the client's.
 *
 * <pre>
 * --client acme --zones-root s3://bucket/zones --conf-dir s3://bucket/conf/clients
 *   --catalog glue --control-store dynamodb:dif-control?region=eu-west-1
 *   --redshift-url jdbc:redshift://wg.123.eu-west-1.redshift-serverless.amazonaws.com:5439/dev
 *   --redshift-iam-role arn:aws:iam::123:role/dif-redshift-copy [--dataset D]
 * </pre>
 */
public final class LoadJob {

  private LoadJob() {}

  public static void main(String[] args) {
    StageJob.run("load", LoadJob::load, System.getenv(), args, System.out, System.err)
        .exit(StageJob.onGlue(args));
  }

  private static ConfigurationException missing(ProfileKey key) {
    return new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot load with the"
        + " spark-redshift connector: give --" + key.argument());
  }

  static void load(Pipeline pipeline, JobArguments arguments, PrintStream out) {
    DeploymentProfile profile = pipeline.deployment().profile();
    if (profile.get(ProfileKey.REDSHIFT_WRITE).filter("connector"::equals).isPresent()) {
      String url = profile.get(ProfileKey.REDSHIFT_URL).orElseThrow(() -> missing(
          ProfileKey.REDSHIFT_URL));
      String role = profile.get(ProfileKey.REDSHIFT_IAM_ROLE).orElseThrow(() -> missing(
          ProfileKey.REDSHIFT_IAM_ROLE));
      String tempDir = arguments.glueTempDir().orElseThrow(() -> new ConfigurationException(
          ErrorCode.CONFIG_INVALID, "Cannot load with the spark-redshift connector: it needs"
              + " Glue's --TempDir (an s3:// folder it unloads to)"));
      pipeline.deployment().useLoader(Warehouse.REDSHIFT, () -> new ConnectorLoader(
          SparkSession.builder().appName("dif-load-" + arguments.client()).getOrCreate(),
          url, tempDir, role));
    }
    List<LoadResult> results = pipeline.load(arguments.dataset(), false);
    results.forEach(result -> out.println("loaded " + result.table() + ": " + result.batchRows()
        + " rows in batch" + (result.tableRows() < 0 ? ""
            : ", " + result.deletedRows() + " replaced, " + result.tableRows()
                + " rows of this client in the table")));
    if (results.isEmpty() && pipeline.failures().isEmpty()) {
      out.println("load " + arguments.client() + ": nothing new to load");
    }
  }
}
