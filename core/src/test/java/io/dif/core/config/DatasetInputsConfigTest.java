package io.dif.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A dataset's request-context columns, value preparation, CSV header and footer detection and
 * encoding: bound, defaulted, and every misuse reported with its path.
 */
class DatasetInputsConfigTest {
  private static final String CLIENT = """
      version: 1
      client: acme
      sources:
        amazon:
          base_url: https://advertising-api.amazon.com
          streams:
            profiles: { request: { path: /v2/profiles }, records: "" }
            report:
              for_each: { stream: profiles, bind: { profile_id: /profileId } }
              request: { path: "/reports/{profile_id}" }
      datasets:
        rows:
          from: amazon.report
      %s
          columns:
      %s
          destination: { table: t.rows, mode: append }
      """;

  private static ClientConfig parse(String dataset, String columns) {
    return new ClientConfigLoader().parse("acme.yaml",
        CLIENT.formatted(dataset.indent(4), columns.indent(6)));
  }

  @Test
  void bindsContextColumnsPreparationAndDetection() {
    DatasetConfig dataset = parse("""
        format: csv
        encoding: UTF-16LE
        csv: { header_starts_with: TimePeriod, footer_pattern: "^©" }
        archive: { max_entries: 5 }
        """, """
        - { name: profile_id, type: long, from_context: profile_id }
        - { name: day, type: date, from_context: window_start }
        - { name: ctr, type: "decimal(9,6)", strip_suffix: "%", divide_by: "100" }
        - { name: clicks, type: int, strip_prefix: "#", strip_pattern: "[ ]", map_values: { "--": "" } }
        """).datasets().get("rows");

    assertThat(dataset.encoding()).contains("UTF-16LE");
    assertThat(dataset.csv().headerStartsWith()).contains("TimePeriod");
    assertThat(dataset.csv().footerPattern()).contains("^©");
    assertThat(dataset.archive().maxEntries()).isEqualTo(5);
    assertThat(dataset.columns().get(0).fromContext()).contains("profile_id");
    assertThat(dataset.columns().get(2).divideBy()).contains("100");
    assertThat(dataset.columns().get(2).stripSuffix()).contains("%");
    assertThat(dataset.columns().get(3).mapValues()).isEqualTo(Map.of("--", ""));
    assertThat(dataset.columns().get(3).fromContext()).isEqualTo(Optional.empty());
  }

  @Test
  void reportsEveryMisuseWithItsPath() {
    InvalidConfigException e = catchThrowableOfType(() -> parse("""
        format: csv
        encoding: EBCDIC-NOPE
        csv: { header: false, header_starts_with: a, header_pattern: "[", footer_starts_with: x, skip_footer_lines: 1 }
        """, """
        - { name: account, type: string, from_context: account_id }
        - { name: both, type: string, source: x, from_context: dt }
        - { name: label, type: string, divide_by: "100" }
        - { name: n, type: int, divide_by: "0", strip_pattern: "(" }
        """), InvalidConfigException.class);

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
        "datasets.rows.encoding", "datasets.rows.csv.header_pattern",
        "datasets.rows.csv.header_pattern", "datasets.rows.csv.header",
        "datasets.rows.csv.skip_footer_lines", "datasets.rows.columns[0].from_context",
        "datasets.rows.columns[1].from_context", "datasets.rows.columns[2].divide_by",
        "datasets.rows.columns[3].divide_by", "datasets.rows.columns[3].strip_pattern");
    assertThat(e.problems()).extracting(ConfigProblem::path, ConfigProblem::rule).contains(
        tuple("datasets.rows.columns[0].from_context", "is not in the request context of stream"
            + " amazon.report; it has [window_start, window_end, dt, profile_id]"),
        tuple("datasets.rows.columns[2].divide_by", "is only for number columns"));
  }
}
