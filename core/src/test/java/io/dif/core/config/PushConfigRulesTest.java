package io.dif.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Push sources: fed by dif serve, no request, events and uploads in streams of their own. */
class PushConfigRulesTest {
  private static final String CLIENT = """
      version: 1
      client: acme
      sources:
        hooks:
      %s
      """;

  private static ClientConfig load(String source) {
    return new ClientConfigLoader().parse("acme.yaml", CLIENT.formatted(source.indent(4)));
  }

  private static List<String> problems(String source) {
    return catchThrowableOfType(() -> load(source), InvalidConfigException.class)
        .problems().stream().map(p -> p.path() + " " + p.rule()).toList();
  }

  @Test
  void aPushSourceNeedsNoBaseUrlNorRequestAndTakesDefaults() {
    SourceConfig source = load("""
        push:
          events: events
          uploads: files
          signature: { secret: hooks_secret }
        streams:
          events: { records: "" }
          files: { format: csv }""").sources().get("hooks");
    assertThat(source.pushed()).isTrue();
    PushConfig push = source.push().orElseThrow();
    assertThat(push.events()).contains("events");
    assertThat(push.uploads()).contains("files");
    assertThat(push.signature().orElseThrow().tolerance()).isEqualTo(Duration.ofMinutes(5));
    assertThat(push.limits().perSecond()).isEqualTo(50);
    assertThat(push.limits().burst()).isEqualTo(100);
    assertThat(push.limits().maxBodyBytes()).isEqualTo(1_048_576L);
    assertThat(source.streams().get("events").request()).isEmpty();
  }

  @Test
  void aPulledStreamStillNeedsItsRequest() {
    assertThat(problems("""
        base_url: https://api.example.com
        streams:
          items: { records: /data }""")).containsExactly(
        "sources.hooks.streams.items.request is required for a stream pulled over HTTP");
  }

  @Test
  void nonsenseInAPushSourceIsReportedTogether() {
    assertThat(problems("""
        base_url: https://api.example.com
        auth: { type: bearer, credential: token }
        push:
          events: evnts
          signature: { secret: hooks_secret, tolerance: PT2H }
          limits: { max_body_bytes: 2048, max_inflated_bytes: 1024 }
        streams:
          events:
            request: { path: /events }
            paginate: { type: link_header }
          spare: {}""")).containsExactlyInAnyOrder(
        "sources.hooks.base_url a push source is fed by dif serve, nothing is pulled from it",
        "sources.hooks.auth.type a push source authenticates its senders with API keys"
            + " (dif keys create), not auth",
        "sources.hooks.push.events names an undefined stream; streams of this source are"
            + " [events, spare]",
        "sources.hooks.push.signature.tolerance must be positive and at most PT1H",
        "sources.hooks.push.limits.max_inflated_bytes must be at least max_body_bytes 2048",
        "sources.hooks.streams.events.request is not for the streams of a push source:"
            + " nothing is pulled",
        "sources.hooks.streams.events.paginate is not for the streams of a push source:"
            + " nothing is pulled",
        "sources.hooks.streams.events is neither push.events nor push.uploads of its source:"
            + " nothing would land in it",
        "sources.hooks.streams.spare is neither push.events nor push.uploads of its source:"
            + " nothing would land in it");
  }

  @Test
  void theEventsStreamLandsJsonArrays() {
    assertThat(problems("""
        push: { events: events, uploads: events }
        streams:
          events: { format: csv }""")).containsExactlyInAnyOrder(
        "sources.hooks.push.uploads events and uploads land in the same stream; give each its"
            + " own stream",
        "sources.hooks.streams.events.records must be \"\" for the events stream of a push"
            + " source: its pages are JSON arrays of the events",
        "sources.hooks.streams.events.format the events stream of a push source lands json");
    assertThat(problems("""
        push: {}
        streams:
          events: { records: "" }""")).contains("sources.hooks.push give events or uploads (or"
        + " both): the streams that posted events and uploaded files land in");
  }
}
