package io.dif.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The S3 expiration days Terraform derives from the client files (modules/raw_retention,
 * evaluated by {@code terraform console}) are the raw_retention periods DIF's own loader reads:
 * one rule per client source, the default for sources without one, and a backstop as long as
 * the longest.
 */
class RawRetentionRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_DAYS = 400;

  @TempDir
  Path work;

  @Test
  void everySourceExpiresItsRawPagesAfterItsRetentionPeriod() throws Exception {
    Map<String, Object> clients = new LinkedHashMap<>();
    Map<String, Integer> expected = new LinkedHashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(
        TerraformFiles.REPO.resolve("conf/clients"), "*.yaml")) {
      for (Path file : files) {
        ClientConfig config = new ClientConfigLoader().load(file);
        clients.put(config.client(), new Yaml().load(Files.readString(file)));
        config.sources().forEach((name, source) -> expected.put(config.client() + "/" + name,
            source.rawRetention().map(RawRetentionRulesTest::days).orElse(DEFAULT_DAYS)));
      }
    }
    // every unit of an ISO-8601 period, and a source without one
    clients.put("periods", Map.of("sources", Map.of("years", Map.of("raw_retention",
        "P1Y2M3W4D"), "weeks", Map.of("raw_retention", "P2W"), "none", Map.of())));
    expected.put("periods/years", days(Period.parse("P1Y2M3W4D")));
    expected.put("periods/weeks", days(Period.parse("P2W")));
    expected.put("periods/none", DEFAULT_DAYS);
    assertThat(expected).containsEntry("demo/sandbox_ads", 30).containsEntry("periods/years",
        365 + 60 + 21 + 4);

    List<Object> evaluated = evaluate(clients);
    Map<String, Integer> days = JSON.convertValue(evaluated.get(0),
        new TypeReference<Map<String, Integer>>() { });
    assertThat(days).isEqualTo(expected);
    assertThat(((Number) evaluated.get(1)).intValue()).isEqualTo(expected.values().stream()
        .mapToInt(Integer::intValue).max().orElseThrow());
  }

  /** Days as the module counts them: a year 365, a month 30 (never longer than the period). */
  private static int days(Period period) {
    return period.getYears() * 365 + period.getMonths() * 30 + period.getDays();
  }

  private List<Object> evaluate(Map<String, Object> clients) throws IOException,
      InterruptedException {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("clients", clients);
    variables.put("default_days", DEFAULT_DAYS);
    return JSON.convertValue(TerraformConsole.evaluate(work, "raw_retention", variables,
        "[local.days_by_source, local.backstop_days]"), new TypeReference<List<Object>>() { });
  }
}
