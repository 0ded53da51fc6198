package io.dif.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
        """), InvalidConfigException.class);

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
        "datasets.ads.format", "datasets.ads.csv.delimiter", "datasets.ads.csv.skip_lines",
        "datasets.ads.archive.max_compression_ratio", "datasets.ads.columns[1].source");
    assertThat(e.problems()).extracting(ConfigProblem::rule)
        .contains("must be one of [json, json_lines, csv, xml]", "must be at least 1");
  }
}
