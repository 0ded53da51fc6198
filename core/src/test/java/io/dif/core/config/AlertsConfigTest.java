package io.dif.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alerts block of a client: target and stuck limit, both optional. */
class AlertsConfigTest {
  private static final String CLIENT = """
      version: 1
      client: acme
      sources:
        api:
          base_url: https://api.example.com
          streams:
            items: { request: { path: /items }, records: /data }
      %s
      """;

  private static ClientConfig load(String alerts) {
    return new ClientConfigLoader().parse("acme.yaml", CLIENT.formatted(alerts));
  }

  private static List<String> problems(String alerts) {
    return catchThrowableOfType(() -> load(alerts), InvalidConfigException.class)
        .problems().stream().map(p -> p.path() + " " + p.rule()).toList();
  }

  @Test
  void withoutTheBlockTheDeploymentDecides() {
    assertThat(load("").alerts()).isEmpty();
  }

  @Test
  void aTargetAndALimit() {
    AlertsConfig alerts = load("alerts: { target: 'webhook:ops_chat', stuck_after: PT2H }")
        .alerts().orElseThrow();
    assertThat(alerts.target()).contains("webhook:ops_chat");
    assertThat(alerts.stuckAfter()).isEqualTo(Duration.ofHours(2));
    assertThat(load("alerts: { target: 'sns:arn:aws:sns:eu-west-1:123456789012:dif-alerts' }")
        .alerts().orElseThrow().stuckAfter()).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void anUnknownTargetAndANonPositiveLimitAreReportedTogether() {
    assertThat(problems("alerts: { target: 'https://hooks.example.com/x', stuck_after: PT0S }"))
        .hasSize(2).anySatisfy(problem -> assertThat(problem).startsWith("alerts.target"))
        .contains("alerts.stuck_after must be positive");
  }
}
