package io.dif.extract.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.config.RetryConfig;
import io.dif.core.config.ThrottleConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Throttle answers pause the whole source for the wait they name; waits are observed, not spent. */
class ThrottleTest {
  private final MockWebServer server = new MockWebServer();
  private final MutableClock clock = new MutableClock();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final SourcePause pause = new SourcePause(clock, duration -> {
    sleeps.add(duration);
    clock.now = clock.now.plus(duration);
  });

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private OkHttpClient client() {
    ThrottleConfig throttle = new ThrottleConfig(List.of(), Map.of(), Optional.of("/error/code"),
        List.of("4", "17", "80000"), List.of(), Optional.empty(), List.of("X-RateLimit-Reset"),
        Optional.empty(), Optional.empty(), List.of(), Duration.ofSeconds(7));
    return new OkHttpClient.Builder().addInterceptor(new RetryInterceptor(
        new RetryConfig(3, Duration.ofMillis(1), Duration.ofMillis(2)),
        ThrottleRule.of(throttle), pause, clock)).build();
  }

  private int get() throws IOException {
    try (Response response = client().newCall(new Request.Builder().url(server.url("/x"))
        .build()).execute()) {
      return response.code();
    }
  }

  @Test
  void aThrottleCodeInA400BodyIsRetriedAfterTheConfiguredPause() throws IOException {
    server.enqueue(new MockResponse().setResponseCode(400)
        .setBody("{\"error\":{\"message\":\"(#17) User request limit reached\",\"code\":17}}"));
    server.enqueue(new MockResponse().setBody("{}"));
    assertThat(get()).isEqualTo(200);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void aThrottleAnswerPausesTheSharedLimiterOfTheScopeToo() throws IOException {
    List<Duration> shared = new CopyOnWriteArrayList<>();
    ThrottleConfig throttle = new ThrottleConfig(List.of(), Map.of(), Optional.of("/error/code"),
        List.of("4", "17", "80000"), List.of(), Optional.empty(), List.of("X-RateLimit-Reset"),
        Optional.empty(), Optional.empty(), List.of(), Duration.ofSeconds(7));
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(new RetryInterceptor(
        new RetryConfig(3, Duration.ofMillis(1), Duration.ofMillis(2)),
        ThrottleRule.of(throttle), pause, clock, shared::add)).build();
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3"));
    server.enqueue(new MockResponse().setBody("{}"));
    try (Response response = client.newCall(new Request.Builder().url(server.url("/x"))
        .build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(shared).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void anotherErrorCodeIsNotRetried() throws IOException {
    server.enqueue(new MockResponse().setResponseCode(400)
        .setBody("{\"error\":{\"message\":\"(#100) Invalid parameter\",\"code\":100}}"));
    assertThat(get()).isEqualTo(400);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void retryAfterAndResetHeadersSetTheWait() throws IOException {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "5"));
    server.enqueue(new MockResponse().setResponseCode(429)
        .setHeader("X-RateLimit-Reset", String.valueOf(clock.now.getEpochSecond() + 5 + 12)));
    server.enqueue(new MockResponse().setBody("{}"));
    assertThat(get()).isEqualTo(200);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(12));
  }

  @Test
  void aPauseHoldsBackEveryRequestOfTheSource() throws Exception {
    pause.pauseFor(Duration.ofSeconds(30));
    Thread other = new Thread(() -> {
      try {
        pause.awaitClear();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    other.start();
    other.join();
    assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
    pause.awaitClear();
    assertThat(sleeps).hasSize(1);
  }
}
