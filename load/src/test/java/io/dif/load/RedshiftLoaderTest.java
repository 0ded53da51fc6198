package io.dif.load;

import static io.dif.load.CuratedFixtures.JAN_1;
import static io.dif.load.CuratedFixtures.JAN_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.config.ClientConfigLoader;
import io.dif.core.config.DatasetConfig;
import io.dif.core.error.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Redshift's statements and manifests against golden files; no cluster needed. */
class RedshiftLoaderTest {
  @TempDir
  Path bucketRoot;

  private RedshiftLoader loader(LocalCuratedStore store) {
    return new RedshiftLoader("jdbc:redshift://cluster.example:5439/dev", new Properties(),
        RedshiftGolden.ROLE, store, RedshiftGolden.CLOCK);
  }

  private void curatedFile(String partition, String name, int bytes) throws Exception {
    Path folder = bucketRoot.resolve("dif-curated/curated/acme/insights/" + partition);
    Files.createDirectories(folder);
    Files.write(folder.resolve(name), new byte[bytes]);
  }

  @Test
  void manifestsListExactlyTheBatchFilesWithTheirSizes() throws Exception {
    curatedFile("dt=2024-01-01", "part-00000.parquet", 1200);
    curatedFile("dt=2024-01-01", "part-00001.parquet", 800);
    curatedFile("dt=2024-01-01", "_SUCCESS", 0);
    curatedFile("dt=2024-01-02", "part-00000.parquet", 512);
    curatedFile("dt=2024-01-03", "part-00000.parquet", 64); // not in the batch
    LocalCuratedStore store = new LocalCuratedStore(bucketRoot);
    Map<LocalDate, String> manifests = loader(store).writeManifests(new LoadBatch("acme",
        "insights", RedshiftGolden.dataset("merge"), RedshiftGolden.CURATED,
        List.of(JAN_2, JAN_1)));
    assertThat(manifests).containsExactly(
        Map.entry(JAN_1, RedshiftGolden.CURATED
            + "/_manifests/20240103T040506789Z/dt=2024-01-01.manifest"),
        Map.entry(JAN_2, RedshiftGolden.CURATED
            + "/_manifests/20240103T040506789Z/dt=2024-01-02.manifest"));
    RedshiftGolden.check("redshift-manifest-2024-01-01.json",
        Files.readString(store.path(manifests.get(JAN_1))));
  }

  @Test
  void aBatchDateWithoutFilesIsRefusedBeforeAnyStatement() {
    assertThatThrownBy(() -> loader(new LocalCuratedStore(bucketRoot)).writeManifests(
        new LoadBatch("acme", "insights", RedshiftGolden.dataset("merge"),
            RedshiftGolden.CURATED, List.of(JAN_1))))
        .isInstanceOf(DataException.class)
        .hasMessage("Cannot load dataset acme.insights into Redshift: no curated Parquet files: "
            + RedshiftGolden.CURATED + "/dt=2024-01-01");
  }

  private static Map<LocalDate, String> manifests() {
    return Map.of(JAN_1, RedshiftGolden.CURATED + "/_manifests/20240103T040506789Z/dt=2024-01-01"
        + ".manifest");
  }

  @Test
  void mergeStatementsMatchTheGoldenFile() throws Exception {
    RedshiftGolden.check("redshift-merge.sql", String.join("\n",
        RedshiftGolden.statements(RedshiftGolden.dataset("merge"), manifests())) + "\n");
  }

  @Test
  void replaceStatementsMatchTheGoldenFile() throws Exception {
    RedshiftGolden.check("redshift-replace.sql", String.join("\n",
        RedshiftGolden.statements(RedshiftGolden.dataset("replace"), manifests())) + "\n");
  }

  @Test
  void nullableKeyMergesByDeleteAndInsertWithNullSafeMatching() {
    DatasetConfig nullableDay = CuratedFixtures.dataset("merge", "", false);
    List<String> statements = RedshiftGolden.statements(nullableDay, manifests());
    assertThat(statements).noneMatch(s -> s.startsWith("MERGE")).anyMatch(s -> s.contains(
        "(dif_test.insights.day = s.day OR (dif_test.insights.day IS NULL AND s.day IS NULL))"));
  }

  @Test
  void distributionAndSortKeysComeFromTheDestination() {
    DatasetConfig config = new ClientConfigLoader().parse("acme.yaml", """
        version: 1
        client: acme
        sources:
          ads: { base_url: https://ads.example.com, streams: { s: { request: { path: /s } } } }
        datasets:
          insights:
            from: ads.s
            columns: [ { name: ad_id, type: string, required: true } ]
            key: [ad_id]
            destination:
              table: mart.insights
              warehouse: redshift
              dist_key: ad_id
              sort_key: [dt, ad_id]
        """).datasets().get("insights");
    LoadStatements sql = new LoadStatements(new RedshiftDialect(), new LoadBatch("acme",
        "insights", config, RedshiftGolden.CURATED, List.of(JAN_1)),
        RedshiftGolden.CLOCK.instant());
    assertThat(sql.createTable()).isEqualTo("CREATE TABLE IF NOT EXISTS mart.insights (_client"
        + " VARCHAR(65535) NOT NULL, ad_id VARCHAR(65535), dt DATE NOT NULL, _loaded_at"
        + " TIMESTAMP NOT NULL) DISTKEY(ad_id) SORTKEY(dt, ad_id)");
  }

  @Test
  void distributionAndSortKeysMustNameColumns() {
    assertThatThrownBy(() -> new ClientConfigLoader().parse("acme.yaml", """
        version: 1
        client: acme
        sources:
          ads: { base_url: https://ads.example.com, streams: { s: { request: { path: /s } } } }
        datasets:
          insights:
            from: ads.s
            columns: [ { name: ad_id, type: string, required: true } ]
            key: [ad_id]
            destination: { table: mart.insights, dist_key: campaign, sort_key: [dt, day] }
        """))
        .hasMessageContaining("datasets.insights.destination.dist_key")
        .hasMessageContaining("datasets.insights.destination.sort_key[1]")
        .hasMessageContaining("names no column of this dataset");
  }

  @Test
  void sparkConnectorPathIsNamedByItsDataSourceAndMergesInItsPostActions() throws Exception {
    RedshiftConnectorWrite write = RedshiftConnectorWrite.of(new LoadBatch("acme", "insights",
        RedshiftGolden.dataset("merge"), RedshiftGolden.CURATED, List.of(JAN_1)),
        "jdbc:redshift://cluster.example:5439/dev", "s3://dif-temp/redshift/", RedshiftGolden.ROLE,
        RedshiftGolden.CLOCK);
    assertThat(RedshiftConnectorWrite.FORMAT)
        .isEqualTo("io.github.spark_redshift_community.spark.redshift");
    StringBuilder rendered = new StringBuilder();
    write.options().forEach((key, value) -> rendered.append(key).append(" = ")
        .append(value.replace(";", ";\n    ")).append('\n'));
    RedshiftGolden.check("redshift-spark-connector-options.txt", rendered.toString());
  }
}
