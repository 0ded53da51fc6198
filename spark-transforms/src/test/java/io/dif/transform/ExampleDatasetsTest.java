package io.dif.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.config.DatasetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The datasets of the example clients of report platforms pass the config rules and build the
 * transform's schemas and page formats, and use the settings their platform needs.
 */
class ExampleDatasetsTest {
  private static final Path EXAMPLES = Path.of("..", "conf", "clients", "examples");

  @Test
  void everyExampleDatasetIsAcceptedByTheTransform() throws IOException {
    List<Path> files = Stream.of("amazon_ads.yaml", "microsoft_ads.yaml", "meta_graph.yaml")
        .map(EXAMPLES::resolve).toList();
    for (Path file : files) {
      ClientConfig client = new ClientConfigLoader().parse(file.getFileName().toString(),
          Files.readString(file));
      assertThat(client.datasets()).isNotEmpty();
      client.datasets().forEach((name, dataset) -> {
        RecordSchemas schemas = new RecordSchemas(client.client() + "." + name);
        schemas.pageSchema(client.stream(dataset.from()).records(),
            schemas.recordSchema(dataset.columns()));
        PageFormat.of(dataset, client.stream(dataset.from()).records());
      });
    }

    DatasetConfig amazon = dataset("amazon_ads.yaml", "sp_campaigns_daily");
    assertThat(amazon.columns()).anySatisfy(column ->
        assertThat(column.fromContext()).contains("profile_id"));
    DatasetConfig microsoft = dataset("microsoft_ads.yaml", "campaign_performance_daily");
    assertThat(microsoft.csv().headerStartsWith()).contains("TimePeriod");
    assertThat(microsoft.csv().footerStartsWith()).contains("©");
    DatasetConfig meta = dataset("meta_graph.yaml", "campaigns");
    assertThat(meta.columns()).anySatisfy(column ->
        assertThat(column.divideBy()).contains("100"));
  }

  private static DatasetConfig dataset(String file, String name) throws IOException {
    return new ClientConfigLoader().parse(file, Files.readString(EXAMPLES.resolve(file)))
        .datasets().get(name);
  }
}
