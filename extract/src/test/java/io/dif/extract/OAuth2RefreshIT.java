package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.config.ClientConfigLoader;
import io.dif.core.config.SourceConfig;
import io.dif.extract.http.MutableClock;
import io.dif.extract.http.SourceHttpClients;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OAuth2 refresh-token flow: cached token, one refresh at a time, expiry, 401, rotation. */
class OAuth2RefreshIT {
  private final TestingApiServer api;
  private final MutableClock clock = new MutableClock();
  private final InMemoryCredentialStore credentials = new InMemoryCredentialStore()
      .with("acme", "refresh", "r1");

  OAuth2RefreshIT() throws IOException {
    api = new TestingApiServer();
  }

  @AfterEach
  void stop() throws IOException {
    api.close();
  }

  private OkHttpClient client() {
    SourceConfig source = new ClientConfigLoader().parse("t.yaml", """
        version: 1
        client: acme
        sources:
          ads:
            base_url: %s
            auth: { type: oauth2, credential: refresh, token_url: %s/token, client_id: app }
            streams:
              s: { request: { path: /data } }
        """.formatted(api.baseUrl(), api.baseUrl())).sources().get("ads");
    return new SourceHttpClients(credentials, clock).forSource("acme", "ads", source);
  }

  private static int get(OkHttpClient client, String url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.code();
    }
  }

  @Test
  void refreshesOnceForConcurrentRequestsThenOnExpiryAndOn401() throws Exception {
    api.expect("POST", "/token").bodyContains("refresh_token=r1").bodyContains("client_id=app")
        .respondJson("{\"access_token\":\"t1\",\"expires_in\":3600}");
    api.expect("GET", "/data").header("Authorization", "Bearer t1").times(8).respondJson("{}");
    api.expect("POST", "/token").bodyContains("refresh_token=r1")
        .respondJson("{\"access_token\":\"t2\",\"expires_in\":3600,\"refresh_token\":\"r2\"}");
    api.expect("GET", "/data").header("Authorization", "Bearer t2").respond(401,
        "{\"error\":\"invalid_token\"}");
    api.expect("POST", "/token").bodyContains("refresh_token=r2")
        .respondJson("{\"access_token\":\"t3\",\"expires_in\":3600}");
    api.expect("GET", "/data").header("Authorization", "Bearer t3").respondJson("{}");

    OkHttpClient client = client();
    String url = api.url("/data").toString();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(pool.submit(() -> get(client, url)));
      }
      for (Future<Integer> call : calls) {
        assertThat(call.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    clock.now = clock.now.plus(Duration.ofHours(2));
    // expired: refreshed (the rotated refresh token is stored first); the API then says 401
    // once, which refreshes again with the stored token
    assertThat(get(client, url)).isEqualTo(200);

    api.verify();
    assertThat(credentials.writes()).containsExactly("acme.refresh");
    assertThat(credentials.get("acme", "refresh").reveal()).isEqualTo("r2");
  }
}
