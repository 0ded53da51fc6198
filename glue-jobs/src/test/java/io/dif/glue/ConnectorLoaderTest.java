package io.dif.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.config.ClientConfigLoader;
import io.dif.core.config.DatasetConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.load.CuratedSnapshot;
import io.dif.load.CuratedStore.CuratedFile;
import io.dif.load.LoadBatch;
import io.dif.load.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redshift connector path of the load job, wired up to the connector's write. */
class ConnectorLoaderTest {
  private static final LocalDate DAY = LocalDate.parse("2024-01-01");
  private static final DatasetConfig CAMPAIGNS = new ClientConfigLoader().parse("acme.yaml", """
      version: 1
      client: acme
      sources:
        meta:
          base_url: https://graph.facebook.com/v21.0
          streams:
            campaigns:
              request: { path: /act_1/campaigns }
      datasets:
        campaigns:
          from: meta.campaigns
          columns:
            - { name: campaign_id, type: string, required: true }
            - { name: name, type: string }
          key: [campaign_id]
          destination: { warehouse: redshift, table: marketing.campaigns }
      """).datasets().get("campaigns");

  private final SparkSession spark = TestingSpark.session();

  @TempDir
  Path folder;

  @Test
  void writesTheSnapshotsRowsAsTheDatasetsColumnsWithTheMergeAsPostActions() throws IOException {
    LoadBatch batch = batch(curatedFiles());
    List<Dataset<Row>> frames = new ArrayList<>();
    List<Map<String, String>> options = new ArrayList<>();

    LoadResult result = new ConnectorLoader(spark, "jdbc:redshift://wg:5439/dev",
        "s3://glue-temp/dif/", "arn:aws:iam::123456789012:role/copy", (frame, given) -> {
          frames.add(frame);
          options.add(given);
        }).load(batch);

    assertThat(result.batchRows()).isEqualTo(2);
    assertThat(frames).singleElement().satisfies(frame -> {
      assertThat(frame.columns()).containsExactly("campaign_id", "name", "dt");
      assertThat(frame.collectAsList()).extracting(row -> row.getString(0))
          .containsExactlyInAnyOrder("c1", "c2");
    });
    assertThat(options).singleElement().satisfies(given -> {
      assertThat(given).containsEntry("url", "jdbc:redshift://wg:5439/dev")
          .containsEntry("tempdir", "s3://glue-temp/dif/")
          .containsEntry("aws_iam_role", "arn:aws:iam::123456789012:role/copy");
      assertThat(given.get("dbtable")).startsWith("marketing.campaigns__dif_raw_");
      assertThat(given.get("postactions")).contains("BEGIN", "END", "marketing.campaigns");
    });
  }

  @Test
  void aClusterWithoutTheConnectorIsAConfigErrorThatSaysWhatToDo() throws IOException {
    LoadBatch batch = batch(curatedFiles());

    assertThatThrownBy(() -> new ConnectorLoader(spark, "jdbc:redshift://wg:5439/dev",
        "s3://glue-temp/dif/", "arn:aws:iam::123456789012:role/copy").load(batch))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Cannot load acme.campaigns with the spark-redshift connector:"
            + " it is not on this cluster (Glue 5.0 and EMR provide it); give --redshift-write"
            + " copy");
  }

  private List<CuratedFile> curatedFiles() throws IOException {
    Path curated = folder.resolve("curated");
    spark.sql("SELECT 'c1' AS campaign_id, 'Spring' AS name, DATE'2024-01-01' AS dt"
        + " UNION ALL SELECT 'c2', 'Summer', DATE'2024-01-01'").coalesce(1).write()
        .parquet(curated.toString());
    try (Stream<Path> files = Files.list(curated)) {
      return files.filter(file -> file.toString().endsWith(".parquet"))
          .map(file -> new CuratedFile(file.toString(), file.toFile().length())).toList();
    }
  }

  private static LoadBatch batch(List<CuratedFile> files) {
    return new LoadBatch("acme", "campaigns", CAMPAIGNS, "unused",
        new CuratedSnapshot(1L, new TreeMap<>(Map.of(DAY, files))), List.of(DAY));
  }
}
