package io.dif.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retention blocks of a client: per dataset and per source. */
class RetentionConfigTest {
  private static final String CLIENT = """
      version: 1
      client: acme
      sources:
        api:
          base_url: https://api.example.com
          %s
          streams:
            leads: { request: { path: /leads }, records: /data }
      datasets:
        leads:
          from: api.leads
          columns:
            - { name: id, type: string, required: true }
            - { name: email, type: string, anonymize: { method: hmac_sha256 } }
          key: [id]
          destination: { table: acme.leads }
          %s
      """;

  private static ClientConfig load(String source, String dataset) {
    return new ClientConfigLoader().parse("acme.yaml", CLIENT.formatted(source, dataset));
  }

  private static List<String> problems(String source, String dataset) {
    return catchThrowableOfType(() -> load(source, dataset), InvalidConfigException.class)
        .problems().stream().map(p -> p.path() + " " + p.rule()).toList();
  }

  @Test
  void withoutTheBlocksNothingExpires() {
    ClientConfig config = load("", "");
    assertThat(config.datasets().get("leads").retention()).isEmpty();
    assertThat(config.sources().get("api").rawRetention()).isEmpty();
  }

  @Test
  void periodsAreBound() {
    ClientConfig config = load("raw_retention: P30D",
        "retention: { anonymize_after: P90D, delete_after: P3Y }");
    RetentionConfig retention = config.datasets().get("leads").retention().orElseThrow();
    assertThat(retention.anonymizeAfter()).contains(Period.ofDays(90));
    assertThat(retention.deleteAfter()).contains(Period.ofYears(3));
    assertThat(config.sources().get("api").rawRetention()).contains(Period.ofDays(30));
    assertThat(load("", "retention: { delete_after: P1Y }").datasets().get("leads").retention()
        .orElseThrow().anonymizeAfter()).isEmpty();
  }

  @Test
  void badBlocksAreReportedTogetherByPath() {
    assertThat(problems("raw_retention: P0D",
        "retention: { anonymize_after: P1Y, delete_after: P6M }")).containsExactlyInAnyOrder(
        "sources.api.raw_retention must be a positive period, e.g. P90D or P3Y",
        "datasets.leads.retention.delete_after must be longer than anonymize_after (P1Y)");
    assertThat(problems("", "retention: {}"))
        .containsExactly("datasets.leads.retention give anonymize_after, delete_after or both");
    assertThat(problems("", "retention: { anonymize_after: -P3D }")).containsExactly(
        "datasets.leads.retention.anonymize_after must be a positive period, e.g. P90D or P3Y");
    assertThat(problems("raw_retention: 30 days", ""))
        .anySatisfy(problem -> assertThat(problem).startsWith("sources.api.raw_retention"));
  }

  @Test
  void anonymizingNeedsAPersonalDataColumn() {
    String noPersonalData = CLIENT.formatted("", "retention: { anonymize_after: P90D }")
        .replace(", anonymize: { method: hmac_sha256 }", "");
    assertThat(catchThrowableOfType(() -> new ClientConfigLoader().parse("acme.yaml",
        noPersonalData), InvalidConfigException.class).problems())
        .extracting(p -> p.path() + " " + p.rule())
        .containsExactly("datasets.leads.retention.anonymize_after needs a personal-data column:"
            + " give a column an anonymize rule");
  }
}
