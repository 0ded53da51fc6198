package io.dif.glue;

import io.dif.core.config.ClientConfig;
import io.dif.core.credential.EnvironmentCredentialStore;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.ZoneLayout;
import io.dif.transform.DatasetTransform;
import io.dif.transform.TransformResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Transforms the raw runs of a client's datasets into curated Parquet: the entry point of the
 * Glue transform job and of {@code spark-submit --class io.dif.glue.TransformJob}.
 *
 * <pre>
 * --client acme --config s3://bucket/conf/clients/acme.yaml --zones-root s3a://bucket/zones
 *   [--dataset ad_insights_daily] [--from 2024-01-01] [--to 2024-01-07]
 * </pre>
 *
 * <p>Prints one summary line per dataset. Every dataset is attempted; when any failed, the job
 * fails at the end with the first failure (the others attached as suppressed).
 */
public final class TransformJob {

  private TransformJob() {}

  public static void main(String[] args) {
    GlueArguments arguments = GlueArguments.parse(args);
    // master, executors and S3 credentials come from Glue / spark-submit, not from here
    SparkSession spark = SparkSession.builder().appName("dif-transform-" + arguments.client())
        .getOrCreate();
    run(arguments, spark, System.out);
  }

  static List<TransformResult> run(GlueArguments arguments, SparkSession spark,
      PrintStream out) {
    ClientConfig client = ClientConfigFiles.load(arguments.config(),
        spark.sparkContext().hadoopConfiguration());
    if (!client.client().equals(arguments.client())) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot start the transform"
          + " job: --client " + arguments.client() + " is not the client of the config "
          + arguments.config() + ": " + client.client());
    }
    List<String> datasets = arguments.dataset().map(List::of)
        .orElseGet(() -> List.copyOf(client.datasets().keySet()));
    // HMAC keys of personal-data columns: DIF_CREDENTIAL_<CLIENT>_<NAME> (Glue job secrets
    // are given to the job's environment); consulted only by datasets that need a key
    DatasetTransform transform = new DatasetTransform(spark,
        new ZoneLayout(arguments.zonesRoot()), new EnvironmentCredentialStore(System.getenv()));

    List<TransformResult> results = new ArrayList<>();
    List<RuntimeException> failures = new ArrayList<>();
    for (String dataset : datasets) {
      try {
        TransformResult result = transform.transform(client, dataset, arguments.from(),
            arguments.to());
        results.add(result);
        out.println("transformed " + client.client() + "." + result.summary());
      } catch (RuntimeException e) {
        failures.add(e);
        out.println("FAILED " + client.client() + "." + dataset + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
    return results;
  }
}
