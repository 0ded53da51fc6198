package io.dif.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxServerDeterminismIT {

  private static final List<String> REQUESTS =
      List.of(
          "/v1/campaigns?limit=5",
          "/v1/campaigns?limit=100",
          "/v1/campaigns/1200000000003/insights?since=2024-02-27&until=2024-03-02&limit=7",
          "/v1/campaigns/1200000000012/insights?since=2024-01-01&until=2024-01-01");

  @Test
  void serversWithTheSameSeedServeIdenticalBodies() {
    try (SandboxServer first = SandboxServer.start(SandboxSettings.defaults().withSeed(7));
        SandboxServer second = SandboxServer.start(SandboxSettings.defaults().withSeed(7))) {
      for (String request : REQUESTS) {
        assertThat(bodyWithoutBaseUrl(first, request))
            .as(request)
            .isEqualTo(bodyWithoutBaseUrl(second, request));
      }
      // A last page carries no next URL, so its bytes are equal as served.
      byte[] lastPage = new SandboxClient(first).get("/v1/campaigns?limit=100").body();
      assertThat(new SandboxClient(second).get("/v1/campaigns?limit=100").body())
          .isEqualTo(lastPage);
    }
  }

  @Test
  void serversWithDifferentSeedsServeDifferentBodies() {
    try (SandboxServer first = SandboxServer.start(SandboxSettings.defaults().withSeed(7));
        SandboxServer second = SandboxServer.start(SandboxSettings.defaults().withSeed(8))) {
      for (String request : REQUESTS) {
        assertThat(bodyWithoutBaseUrl(first, request))
            .as(request)
            .isNotEqualTo(bodyWithoutBaseUrl(second, request));
      }
    }
  }

  /** The body with the server's own base URL (its port) in next URLs replaced by a marker. */
  private static String bodyWithoutBaseUrl(SandboxServer server, String request) {
    SandboxClient.Reply reply = new SandboxClient(server).get(request);
    assertThat(reply.status()).as(request).isEqualTo(200);
    return reply.text().replace(server.baseUrl().toString(), "{base_url}");
  }
}
