package io.dif.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The extract settings of a source and its streams: formats, paging, reports, throttling. */
class ExtractConfigRulesTest {
  private static final String CLIENT = """
      version: 1
      client: acme
      sources:
        api:
          base_url: https://api.example.com
      %s
          streams:
            items:
      %s
      """;

  private static ClientConfig load(String source, String stream) {
    return new ClientConfigLoader().parse("acme.yaml", CLIENT.formatted(source.indent(4),
        stream.indent(8)));
  }

  private static List<String> problems(String source, String stream) {
    return catchThrowableOfType(() -> load(source, stream), InvalidConfigException.class)
        .problems().stream().map(p -> p.path() + " " + p.rule()).toList();
  }

  @Test
  void aPlainStreamMayLandCsvXmlOrJsonLinesWithLinkHeaderPaging() {
    StreamConfig csv = load("", """
        request: { path: /export.csv }
        format: csv
        paginate: { type: link_header }""").sources().get("api").streams().get("items");
    assertThat(csv.landedFormat()).isEqualTo(DataFormat.CSV);
    assertThat(csv.paginate().emptyPageStops()).isFalse();
    StreamConfig xml = load("", """
        request: { path: /feed.xml }
        format: xml""").sources().get("api").streams().get("items");
    assertThat(xml.landedFormat()).isEqualTo(DataFormat.XML);
  }

  @Test
  void pagingThatReadsTheBodyNeedsJson() {
    assertThat(problems("", """
        request: { path: /export.csv }
        format: csv
        paginate: { type: cursor, token: /next, param: after, until_missing: /next }"""))
        .containsExactly(
            "sources.api.streams.items.paginate.type needs values or record counts from the"
                + " page, so it works only with json pages, not csv (link_header works with"
                + " every format)",
            "sources.api.streams.items.paginate.until_missing needs values or record counts"
                + " from the page, so it works only with json pages, not csv");
  }

  @Test
  void anEmptyPageStopsOnlyWhenNothingElseTellsTheEnd() {
    PaginateConfig cursor = load("", """
        request: { path: /items }
        paginate: { type: cursor, token: /next, param: after }""")
        .sources().get("api").streams().get("items").paginate();
    assertThat(cursor.emptyPageStops()).isTrue();
    PaginateConfig untilMissing = load("", """
        request: { path: /items }
        paginate: { type: cursor, token: /paging/cursors/after, param: after,
          until_missing: /paging/next }""")
        .sources().get("api").streams().get("items").paginate();
    assertThat(untilMissing.emptyPageStops()).isFalse();
    PaginateConfig explicit = load("", """
        request: { path: /items }
        paginate: { type: cursor, token: /paging/cursors/after, param: after,
          until_missing: /paging/next, stop_on_empty_page: true }""")
        .sources().get("api").streams().get("items").paginate();
    assertThat(explicit.emptyPageStops()).isTrue();
  }

  @Test
  void aReportsFormatAndNoDataRuleAreChecked() {
    String report = """
        request: { path: /reports, method: post }
        format: json
        report:
          report_id: /id
          poll: { path: "/reports/{report_id}" }
          status: /status
          running: [PENDING]
          done: [DONE]
          download_url: /url
          format: csv
          no_data_when: { pointer: /rows }""";
    assertThat(problems("", report)).containsExactlyInAnyOrder(
        "sources.api.streams.items.report.format disagrees with the stream's format json; give"
            + " the format once",
        "sources.api.streams.items.report.no_data_when give pointer and value together");
    ReportConfig valid = load("", report.replace("format: json\n", "")
        .replace("{ pointer: /rows }", "{ pointer: /rows, value: \"0\" }"))
        .sources().get("api").streams().get("items").report().orElseThrow();
    assertThat(valid.recreateOnFailure()).isEqualTo(2);
    assertThat(valid.noDataWhen().flatMap(NoDataConfig::value)).contains("0");
  }

  @Test
  void throttleQualifiersWaitHeaderAndTextCodes() {
    ThrottleConfig throttle = load("""
        throttle:
          statuses: [403]
          when_headers: { x-ratelimit-remaining: "0", retry-after: "*" }
          body_code: /error/status
          body_codes: [17, RESOURCE_EXHAUSTED]
          wait_header: { name: x-business-use-case-usage,
            pointer: /*/*/estimated_time_to_regain_access, unit: minutes }""", """
        request: { path: /items }""").sources().get("api").throttle();
    assertThat(throttle.bodyCodes()).containsExactly("17", "RESOURCE_EXHAUSTED");
    assertThat(throttle.waitHeader().map(WaitHeaderConfig::unit)).contains(WaitUnit.MINUTES);
    assertThat(throttle.waitOrderOrDefault()).containsExactly(ThrottleWait.RETRY_AFTER,
        ThrottleWait.WAIT_HEADER, ThrottleWait.RESET);
    assertThat(problems("""
        throttle:
          when_headers: { retry-after: "*" }
          body_codes: [17]
          body_messages: ["(unclosed"]
          wait_order: [wait_header, retry_after]""", """
        request: { path: /items }""")).containsExactlyInAnyOrder(
        "sources.api.throttle.when_headers qualifies throttle.statuses, which is empty",
        "sources.api.throttle.body_code is required when body_codes is given",
        "sources.api.throttle.body_messages[0] is not a regular expression: Unclosed group",
        "sources.api.throttle.wait_order names wait_header, which is not given");
  }
}
