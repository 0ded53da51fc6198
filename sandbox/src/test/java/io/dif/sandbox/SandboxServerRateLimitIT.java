package io.dif.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.sandbox.SandboxClient.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxServerRateLimitIT {

  @Test
  void requestsOverTheLimitGet429WithRetryAfterAndCode17() {
    try (SandboxServer server =
        SandboxServer.start(SandboxSettings.defaults().withRequestsPerSecond(3))) {
      SandboxClient client = new SandboxClient(server);

      List<Reply> replies = new ArrayList<>();
      for (int request = 0; request < 10; request++) {
        replies.add(client.get("/v1/campaigns?limit=2"));
      }

      // The window starts empty, so the first three pass however slow the machine is.
      assertThat(replies.subList(0, 3))
          .allSatisfy(reply -> assertThat(reply.status()).isEqualTo(200));
      List<Reply> throttled = replies.stream().filter(reply -> reply.status() == 429).toList();
      assertThat(throttled).isNotEmpty();
      assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).isIn(200, 429));
      for (Reply reply : throttled) {
        assertThat(reply.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(reply.text())
            .isEqualTo(
                "{\"error\":{\"message\":\"User request limit reached\","
                    + "\"type\":\"OAuthException\",\"code\":17}}");
      }
      assertThat(server.stats())
          .isEqualTo(new SandboxStats(10, throttled.size(), 10, 0, 0, 0));
    }
  }

  @Test
  void withoutALimitNoRequestIsThrottled() {
    try (SandboxServer server = SandboxServer.start(SandboxSettings.defaults())) {
      SandboxClient client = new SandboxClient(server);

      for (int request = 0; request < 20; request++) {
        assertThat(client.get("/v1/campaigns?limit=1").status()).isEqualTo(200);
      }

      assertThat(server.stats().requestsThrottled()).isZero();
      assertThat(server.stats().requestsServed()).isEqualTo(20);
    }
  }
}
