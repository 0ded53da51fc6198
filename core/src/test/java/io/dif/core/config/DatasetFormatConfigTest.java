package io.dif.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dataset settings of raw formats (csv, xml, archive limits) and column typing. */
class DatasetFormatConfigTest {
  private static final String CLIENT = """
      version: 1
      client: acme
      sources:
        msads:
          base_url: https://reporting.api.bingads.microsoft.com
          streams:
            ads:
              request: { path: /reports }
      datasets:
        ads:
          from: msads.ads
      %s
          columns:
            - { name: ad_id, type: string, source: AdId, required: true }
      %s
          key: [ad_id]
          destination: { table: marketing.ads }
      """;

  private static ClientConfig parse(String dataset, String columns) {
    return new ClientConfigLoader().parse("acme.yaml",
        CLIENT.formatted(dataset.indent(4), columns.indent(6)));
  }

  @Test
  void defaultsReadJsonWithStandardCsvAndXmlSettingsAndArchiveLimits() {
    DatasetConfig dataset = parse("", "").datasets().get("ads");

    assertThat(dataset.format()).isEqualTo(DataFormat.JSON);
    assertThat(dataset.csv()).isEqualTo(new CsvConfig(true, ",", "\"", "\"", "UTF-8", 0, 0));
    assertThat(dataset.xml()).isEqualTo(new XmlConfig("row", "_"));
    assertThat(dataset.archive()).isEqualTo(new ArchiveConfig(1_073_741_824L, 200));
    assertThat(dataset.columns().get(0).timeZone()).isEqualTo("UTC");
    assertThat(dataset.columns().get(0).format()).isEmpty();
    assertThat(dataset.nullTokens()).isEmpty();
    assertThat(dataset.maxBadFraction()).isEqualTo(1.0);
    assertThat(dataset.minRows()).isZero();
  }

  @Test
  void bindsCsvXmlAndArchiveSettings() {
    DatasetConfig dataset = parse("""
        format: csv
        csv: { delimiter: "\\t", encoding: ISO-8859-1, skip_lines: 6, skip_footer_lines: 1 }
        xml: { row_tag: Ad, attribute_prefix: "" }
        archive: { max_uncompressed_bytes: 1000, max_compression_ratio: 50 }
        """, """
        - { name: day, type: timestamp, source: TimePeriod, format: "M/d/yyyy h:mm:ss a",
            time_zone: America/Los_Angeles }
        - { name: purchases, type: long, source: "actions[action_type=purchase].value" }
        """).datasets().get("ads");

    assertThat(dataset.format()).isEqualTo(DataFormat.CSV);
    assertThat(dataset.csv()).isEqualTo(new CsvConfig(true, "\t", "\"", "\"", "ISO-8859-1", 6,
        1));
    assertThat(dataset.xml()).isEqualTo(new XmlConfig("Ad", ""));
    assertThat(dataset.archive()).isEqualTo(new ArchiveConfig(1000, 50));
    assertThat(dataset.columns().get(1).format()).isEqualTo(Optional.of("M/d/yyyy h:mm:ss a"));
    assertThat(dataset.columns().get(1).timeZone()).isEqualTo("America/Los_Angeles");
    assertThat(dataset.columns().get(2).sourceField())
        .isEqualTo("actions[action_type=purchase].value");
  }

  @Test
  void reportsEveryBadSettingWithItsPath() {
    InvalidConfigException e = catchThrowableOfType(() -> parse("""
        format: parquet
        csv: { delimiter: ";;", skip_lines: -1 }
        archive: { max_compression_ratio: 0 }
        """, """
        - { name: bad_source, type: string, source: "actions[action_type].value" }
        - { name: whole_element, type: string, source: "actions[action_type=purchase]" }
        """), InvalidConfigException.class);

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
        "datasets.ads.format", "datasets.ads.csv.delimiter", "datasets.ads.csv.skip_lines",
        "datasets.ads.archive.max_compression_ratio", "datasets.ads.columns[1].source",
        "datasets.ads.columns[2].source");
    assertThat(e.problems()).extracting(ConfigProblem::rule)
        .contains("must be one of [json, json_lines, csv, xml]", "must be at least 1");
  }

  @Test
  void acceptsFormatAndTimeZoneOnlyWhereTheyApply() {
    InvalidConfigException e = catchThrowableOfType(() -> parse("", """
        - { name: spend, type: "decimal(18,4)", format: "M/d/yyyy" }
        - { name: day, type: date, format: "M/d/yyyy", time_zone: Europe/Paris }
        - { name: at, type: timestamp, format: "yyyy-MM-dd bb", time_zone: Mars/Olympus }
        - { name: ok, type: timestamp, format: "M/d/yyyy h:mm a", time_zone: Europe/Paris }
        - { name: n, type: int, min: zero, max: 10, pattern: "[0-9", allowed: ["1", "2"] }
        - { name: since, type: date, min: 2024-13-01 }
        - { name: label, type: string, max: z }
        """), InvalidConfigException.class);

    assertThat(e.problems()).extracting(ConfigProblem::path, ConfigProblem::rule)
        .containsExactlyInAnyOrder(
            tuple("datasets.ads.columns[1].format", "is only for date and timestamp columns"),
            tuple("datasets.ads.columns[2].time_zone", "is only for timestamp columns"),
            tuple("datasets.ads.columns[3].format",
                "is not a datetime pattern: Unknown pattern letter: b"),
            tuple("datasets.ads.columns[3].time_zone",
                "is not a time zone id, such as America/New_York or UTC"),
            tuple("datasets.ads.columns[5].min", "must be a number"),
            tuple("datasets.ads.columns[5].pattern",
                "is not a regular expression: Unclosed character class"),
            tuple("datasets.ads.columns[6].min", "must be a yyyy-MM-dd date"),
            tuple("datasets.ads.columns[7].max", "is only for number and date columns"));
  }
}
