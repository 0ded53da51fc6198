package io.dif.glue;

import io.dif.pipeline.Pipeline;
import io.dif.pipeline.TransformStage;
import io.dif.transform.TransformResult;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The transform stage as a Glue 5.0 job and a {@code spark-submit} application: the raw
 * documents of the client not processed yet (incremental by default; {@code --reprocess true
 * --from D --to D} for backfills) become rows of its curated Iceberg tables, with every
 * document's state recorded and HMAC keys read from the encrypted credential store.
 *
 * <pre>
 * --client acme --zones-root s3://bucket/zones --conf-dir s3://bucket/conf/clients
 *   --catalog glue --control-store dynamodb:dif-control?region=eu-west-1
 *   --kms-key-id arn:aws:kms:… --redis-url-secret arn:aws:secretsmanager:…
 *   [--dataset D] [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--reprocess true] [--lock-wait PT10M]
 * </pre>
 *
 * <p>Prints one line per dataset transformed; exits with the DIF exit codes (see
 * {@link StageJob}).
 */
public final class TransformJob {

  private TransformJob() {}

  public static void main(String[] args) {
    StageJob.run("transform", TransformJob::transform, System.getenv(), args, System.out,
        System.err).exit(StageJob.onGlue(args));
  }

  static void transform(Pipeline pipeline, JobArguments arguments, PrintStream out) {
    // master, executors and S3 credentials come from Glue / spark-submit, not from here
    List<TransformResult> results = new TransformStage(pipeline, () -> SparkSession.builder()
        .appName("dif-transform-" + arguments.client())
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate())
        .run(arguments.dataset(), arguments.from(), arguments.to(), arguments.reprocess());
    results.forEach(result -> out.println("transformed " + arguments.client() + "."
        + result.summary()));
    if (results.isEmpty() && pipeline.failures().isEmpty()) {
      out.println("transform " + arguments.client() + ": nothing new to transform");
    }
  }
}
