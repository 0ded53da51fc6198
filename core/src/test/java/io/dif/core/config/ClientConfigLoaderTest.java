package io.dif.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientConfigLoaderTest {
  private static final String VALID = """
      version: 1
      client: acme
      sources:
        meta:
          base_url: https://graph.facebook.com/v21.0
          auth: { type: bearer, credential: meta_access_token }
          rate_limit: { per_second: 5 }
          streams:
            campaigns:
              request: { path: "/act_{account_id}/campaigns", query: { limit: 100 } }
              paginate: { type: cursor, token: /paging/cursors/after, param: after, until_missing: /paging/next }
            insights:
              for_each: { stream: campaigns, bind: { campaign_id: /id } }
              request: { path: "/{campaign_id}/insights", query: { time_increment: 1 } }
              window: { start: 2024-01-01, step: P1D }
      datasets:
        ad_insights_daily:
          from: meta.insights
          columns:
            - { name: campaign_id, type: string, required: true }
            - { name: day, type: date, source: date_start }
            - { name: spend, type: "decimal(18,4)" }
          key: [campaign_id, day]
          destination: { table: marketing.ad_insights_daily }
      """;

  private final ClientConfigLoader loader = new ClientConfigLoader();

  @Test
  void loadsValidConfigIntoRecordsWithDefaults() {
    ClientConfig config = loader.parse("acme.yaml", VALID);

    assertThat(config.version()).isEqualTo(1);
    assertThat(config.client()).isEqualTo("acme");
    SourceConfig meta = config.sources().get("meta");
    assertThat(meta.baseUrl()).contains("https://graph.facebook.com/v21.0");
    assertThat(meta.auth().type()).isEqualTo(AuthType.BEARER);
    assertThat(meta.auth().credential()).contains("meta_access_token");
    assertThat(meta.auth().header()).isEqualTo("X-Api-Key");
    assertThat(meta.rateLimit()).contains(new RateLimitConfig(5, 4, java.util.Optional.empty(), java.util.Optional.empty()));
    assertThat(meta.retry().maxAttempts()).isEqualTo(6);
    assertThat(meta.streams()).containsOnlyKeys("campaigns", "insights");

    StreamConfig campaigns = meta.streams().get("campaigns");
    assertThat(campaigns.request().orElseThrow().query()).isEqualTo(Map.of("limit", "100"));
    assertThat(campaigns.records()).isEqualTo("/data");
    assertThat(campaigns.paginate().type()).isEqualTo(PaginationType.CURSOR);
    assertThat(campaigns.paginate().untilMissing()).contains("/paging/next");
    assertThat(campaigns.forEach()).isEmpty();

    StreamConfig insights = meta.streams().get("insights");
    assertThat(insights.forEach().orElseThrow().bind()).isEqualTo(Map.of("campaign_id", "/id"));
    assertThat(insights.paginate().type()).isEqualTo(PaginationType.NONE);
    assertThat(insights.window()).contains(
        new WindowConfig(LocalDate.of(2024, 1, 1), Optional.empty(), Period.ofDays(1),
            Period.ZERO));

    DatasetConfig dataset = config.datasets().get("ad_insights_daily");
    assertThat(dataset.from()).isEqualTo(new StreamRef("meta", "insights"));
    assertThat(dataset.format()).isEqualTo(DataFormat.JSON);
    assertThat(dataset.columns()).extracting(ColumnConfig::name)
        .containsExactly("campaign_id", "day", "spend");
    assertThat(dataset.columns().get(1).sourceField()).isEqualTo("date_start");
    assertThat(dataset.columns().get(2).type()).isEqualTo(ColumnType.parse("decimal(18,4)"));
    assertThat(dataset.columns().get(2).type().toString()).isEqualTo("decimal(18,4)");
    assertThat(dataset.destination()).isEqualTo(
        new DestinationConfig("marketing.ad_insights_daily", LoadMode.MERGE));
  }

  @Test
  void recordsAreImmutable() {
    ClientConfig config = loader.parse("acme.yaml", VALID);
    assertThatThrownBy(() -> config.sources().put("x", null))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> config.datasets().get("ad_insights_daily").columns().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void unknownKeyNamesPathLineAndAllowedKeys() {
    assertProblems(VALID.replace("rate_limit: { per_second: 5 }", "rate_limt: { per_second: 5 }"),
        "acme.yaml:7: sources.meta.rate_limt: unknown key; allowed keys here are [base_url,"
            + " sandbox, push, jdbc, sftp, auth, rate_limit, retry, throttle, streams,"
            + " raw_retention]");
  }

  @Test
  void wrongTypeNamesTheValue() {
    assertProblems(VALID.replace("per_second: 5", "per_second: fast"),
        "acme.yaml:7: sources.meta.rate_limit.per_second: must be an integer (found: \"fast\")");
  }

  @Test
  void missingRequiredFieldNamesTheKey() {
    assertProblems(VALID.replace("    destination: { table: marketing.ad_insights_daily }\n",
            ""),
        "acme.yaml:18: datasets.ad_insights_daily.destination: is required: Warehouse table and"
            + " load mode.");
  }

  @Test
  void badEnumValueListsTheAllowedValues() {
    assertProblems(VALID.replace("type: cursor", "type: cursr"),
        "acme.yaml:11: sources.meta.streams.campaigns.paginate.type: must be one of [none,"
            + " cursor, next_url, link_header, page_number, offset] (found: \"cursr\")");
  }

  @Test
  void referenceToUndefinedStreamIsReported() {
    assertProblems(VALID.replace("for_each: { stream: campaigns", "for_each: { stream: campaign"),
        "acme.yaml:13: sources.meta.streams.insights.for_each.stream: names an undefined stream;"
            + " streams of this source are [campaigns, insights] (found: \"campaign\")");
  }

  @Test
  void datasetFromUndefinedStreamIsReported() {
    assertProblems(VALID.replace("from: meta.insights", "from: meta.insight"),
        "acme.yaml:18: datasets.ad_insights_daily.from: names an undefined stream; streams of"
            + " source meta are [campaigns, insights] (found: \"meta.insight\")");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String broken = VALID
        .replace("per_second: 5", "per_second: -1")
        .replace("type: bearer", "type: oauth")
        .replace("type: \"decimal(18,4)\"", "type: money")
        .replace("client: acme", "client: Acme Inc");
    InvalidConfigException e = catchInvalid(broken);
    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
        "client",
        "sources.meta.auth.type",
        "sources.meta.rate_limit.per_second",
        "datasets.ad_insights_daily.columns[2].type");
    assertThat(e.getMessage()).startsWith("Cannot load client config acme.yaml: 4 problems");
  }

  @Test
  void typeProblemsAndReferenceProblemsAreReportedTogether() {
    String broken = VALID
        .replace("type: cursor", "type: cursr")
        .replace("per_second: 5", "per_second: fast")
        .replace("for_each: { stream: campaigns", "for_each: { stream: campaign")
        .replace("from: meta.insights", "from: meta.insight");
    assertThat(catchInvalid(broken).problems()).extracting(ConfigProblem::path)
        .containsExactly(
            "sources.meta.rate_limit.per_second",
            "sources.meta.streams.campaigns.paginate.type",
            "sources.meta.streams.insights.for_each.stream",
            "datasets.ad_insights_daily.from");
  }

  @Test
  void crossFieldRulesAreGatheredTogether() {
    String broken = VALID
        .replace("key: [campaign_id, day]", "key: [campaign_id, date]")
        .replace(", token: /paging/cursors/after", "")
        .replace("auth: { type: bearer, credential: meta_access_token }", "auth: { type: bearer }");
    assertThat(catchInvalid(broken).problems()).extracting(ConfigProblem::toString)
        .containsExactly(
            "acme.yaml:6: sources.meta.auth.credential: is required when auth.type is bearer",
            "acme.yaml:11: sources.meta.streams.campaigns.paginate.token: is required when"
                + " paginate.type is cursor",
            "acme.yaml:23: datasets.ad_insights_daily.key[1]: names no column of this dataset"
                + " (found: \"date\")");
  }

  @Test
  void dependencyCycleIsReported() {
    String cyclic = VALID.replace(
        "request: { path: \"/act_{account_id}/campaigns\", query: { limit: 100 } }",
        "for_each: { stream: insights, bind: { x: /id } }\n"
            + "        request: { path: \"/act_{account_id}/campaigns\" }");
    assertThat(catchInvalid(cyclic).problems()).extracting(ConfigProblem::rule)
        .anyMatch(rule -> rule.startsWith("streams depend on each other in a cycle"));
  }

  @Test
  void invalidYamlReportsTheLine() {
    assertProblems("version: 1\nclient: [acme\n",
        "acme.yaml:3: (root): is not valid YAML: expected ',' or ']', but got <stream end>");
  }

  @Test
  void unsupportedVersionIsRejected() {
    assertProblems(VALID.replace("version: 1", "version: 2"),
        "acme.yaml:1: version: must be between 1 and 1 (found: \"2\")");
  }

  @Test
  void missingFileIsAClearError() {
    assertThatThrownBy(() -> loader.load(Path.of("conf/clients/nobody.yaml")))
        .hasMessage("Cannot load client config: no such file: conf/clients/nobody.yaml");
  }

  private void assertProblems(String yaml, String... expected) {
    assertThat(catchInvalid(yaml).problems()).extracting(ConfigProblem::toString)
        .containsExactly(expected);
  }

  private InvalidConfigException catchInvalid(String yaml) {
    try {
      loader.parse("acme.yaml", yaml);
    } catch (InvalidConfigException e) {
      return e;
    }
    throw new AssertionError("config was accepted: " + yaml);
  }

  static List<String> lines(String text) {
    return text.lines().toList();
  }
}
