package io.dif.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dif.sandbox.SandboxClient.Reply;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxServerErrorsIT {

  private static final String INSIGHTS = "/v1/campaigns/1200000000001/insights";

  private static SandboxServer server;
  private static SandboxClient client;

  @BeforeAll
  static void startServer() {
    server = SandboxServer.start(SandboxSettings.defaults());
    client = new SandboxClient(server);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void unknownCampaignIs404WithCode100() {
    Reply reply =
        client.get("/v1/campaigns/1200000000099/insights?since=2024-01-01&until=2024-01-02");

    assertThat(reply.status()).isEqualTo(404);
    assertGraphError(reply, 100);
    assertThat(reply.json().at("/error/message").asText()).contains("'1200000000099'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "?until=2024-01-02",
        "?since=2024-01-01",
        "?since=yesterday&until=2024-01-02",
        "?since=2024-02-30&until=2024-03-02",
        "?since=2024-01-01&until=01/02/2024",
        "?since=2024-01-03&until=2024-01-02",
        "?since=2024-01-01&until=2024-01-02&limit=0",
        "?since=2024-01-01&until=2024-01-02&limit=ten",
        "?since=2024-01-01&until=2024-01-02&after=not-a-cursor"
      })
  void badInsightParametersAre400WithCode100(String query) {
    Reply reply = client.get(INSIGHTS + query);

    assertThat(reply.status()).as(query).isEqualTo(400);
    assertGraphError(reply, 100);
  }

  @Test
  void goodInsightParametersAre200() {
    assertThat(client.get(INSIGHTS + "?since=2024-01-02&until=2024-01-02").status())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/", "/v1", "/v1/campaigns/", "/v2/campaigns", "/v1/ads", "/v1/campaigns/1200000000001"
      })
  void otherPathsAre404(String path) {
    Reply reply = client.get(path);

    assertThat(reply.status()).as(path).isEqualTo(404);
    assertGraphError(reply, 100);
  }

  @Test
  void withATokenConfiguredRequestsWithoutItAre401AndWithItAre200() {
    SandboxSettings settings = SandboxSettings.defaults().withAccessToken("sandbox-secret");
    try (SandboxServer secured = SandboxServer.start(settings)) {
      Reply missing = new SandboxClient(secured).get("/v1/campaigns");
      Reply wrong = new SandboxClient(secured, Optional.of("guess")).get("/v1/campaigns");
      Reply right = new SandboxClient(secured, Optional.of("sandbox-secret")).get("/v1/campaigns");

      assertThat(missing.status()).isEqualTo(401);
      assertGraphError(missing, 190);
      assertThat(wrong.status()).isEqualTo(401);
      assertGraphError(wrong, 190);
      assertThat(right.status()).isEqualTo(200);
      assertThat(right.json().get("data")).hasSize(12);
      assertThat(missing.text() + wrong.text()).doesNotContain("sandbox-secret");
    }
  }

  @Test
  void withoutATokenConfiguredAnyAuthorizationIsAccepted() {
    assertThat(new SandboxClient(server, Optional.of("anything")).get("/v1/campaigns").status())
        .isEqualTo(200);
  }

  @Test
  void statsCountRequestsByPathKind() {
    try (SandboxServer counted = SandboxServer.start(SandboxSettings.defaults())) {
      SandboxClient countedClient = new SandboxClient(counted);
      countedClient.get("/v1/campaigns");
      countedClient.get("/v1/campaigns?limit=2");
      countedClient.get(INSIGHTS + "?since=2024-01-01&until=2024-01-01");
      countedClient.get(INSIGHTS + "?since=bad&until=2024-01-01");
      countedClient.get("/v1/elsewhere");

      assertThat(counted.stats()).isEqualTo(new SandboxStats(5, 0, 2, 2, 1, 0));
    }
  }

  private static void assertGraphError(Reply reply, int code) {
    assertThat(reply.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=UTF-8");
    JsonNode error = reply.json().get("error");
    assertThat(error).as(reply.text()).isNotNull();
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("type").asText()).isEqualTo("OAuthException");
    assertThat(error.get("code").isInt()).isTrue();
    assertThat(error.get("code").asInt()).isEqualTo(code);
    assertThat(reply.json().size()).isEqualTo(1);
    assertThat(error.size()).isEqualTo(3);
  }
}
