package io.dif.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A dataset reads its pages in the format its stream lands them. */
class DatasetFormatRulesTest {
  private static final String CLIENT = """
      version: 1
      client: acme
      sources:
        exports:
          base_url: https://exports.example.com
          streams:
            orders: { request: { path: /orders.csv }, format: csv }
            refunds:
              request: { path: /reports, method: post }
              report:
                report_id: /id
                poll: { path: "/reports/{report_id}" }
                status: /status
                running: [PENDING]
                done: [DONE]
                download_url: /url
                format: xml
            items: { request: { path: /items }, records: /data, format: json }
      datasets:
      %s
      """;

  private static final String COLUMNS =
      "columns: [{ name: id, type: string }], destination: { table: shop.t, mode: append }";

  private static ClientConfig load(String datasets) {
    return new ClientConfigLoader().parse("acme.yaml", CLIENT.formatted(datasets.indent(2)));
  }

  private static List<String> problems(String datasets) {
    return catchThrowableOfType(() -> load(datasets), InvalidConfigException.class)
        .problems().stream().map(p -> p.path() + " " + p.value() + " " + p.rule()).toList();
  }

  @Test
  void aDatasetWhoseFormatDisagreesWithItsStreamIsRefusedWithBothFormats() {
    assertThat(problems("""
        orders: { from: exports.orders, %1$s }
        refunds: { from: exports.refunds, format: csv, %1$s }
        items: { from: exports.items, format: json_lines, %1$s }""".formatted(COLUMNS)))
        .containsExactlyInAnyOrder(
            "datasets.orders.format \"json\" disagrees with the format stream exports.orders"
                + " lands: csv; give the dataset format: csv",
            "datasets.refunds.format \"csv\" disagrees with the format stream exports.refunds"
                + " lands: xml; give the dataset format: xml",
            "datasets.items.format \"json_lines\" disagrees with the format stream"
                + " exports.items lands: json; give the dataset format: json");
  }

  @Test
  void aDatasetInTheFormatItsStreamLandsIsAccepted() {
    ClientConfig config = load("""
        orders: { from: exports.orders, format: csv, %1$s }
        refunds: { from: exports.refunds, format: xml, %1$s }
        items: { from: exports.items, %1$s }""".formatted(COLUMNS));
    assertThat(config.datasets().get("orders").format()).isEqualTo(DataFormat.CSV);
    assertThat(config.datasets().get("items").format()).isEqualTo(DataFormat.JSON);
  }
}
