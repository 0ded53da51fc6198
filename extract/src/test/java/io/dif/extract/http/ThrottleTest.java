package io.dif.extract.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.config.RetryConfig;
import io.dif.core.config.ThrottleConfig;
import io.dif.core.config.WaitHeaderConfig;
import io.dif.core.config.WaitUnit;
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
import okhttp3.mockwebserver.SocketPolicy;
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

  private OkHttpClient client(ThrottleConfig throttle) {
    return new OkHttpClient.Builder().addInterceptor(new RetryInterceptor(
        new RetryConfig(3, Duration.ofMillis(1), Duration.ofMillis(2)),
        ThrottleRule.of(throttle), pause, clock)).build();
  }

  private int get(ThrottleConfig throttle) throws IOException {
    try (Response response = client(throttle).newCall(new Request.Builder()
        .url(server.url("/x")).build()).execute()) {
      return response.code();
    }
  }

  /** As conf/clients/examples/github.yaml says it. */
  private static ThrottleConfig github() {
    return new ThrottleConfig(List.of(403), Map.of("x-ratelimit-remaining", "0", "retry-after",
        "*"), Optional.empty(), List.of(), List.of("(?i)secondary rate limit"), Optional.empty(),
        List.of("x-ratelimit-reset"), Optional.of("x-ratelimit-remaining"), Optional.empty(),
        List.of(), Duration.ofSeconds(60));
  }

  private MockResponse githubAnswer(int status, long remaining, long resetInSeconds,
      String message) {
    return new MockResponse().setResponseCode(status)
        .setHeader("x-ratelimit-limit", "5000")
        .setHeader("x-ratelimit-remaining", remaining)
        .setHeader("x-ratelimit-used", 5000 - remaining)
        .setHeader("x-ratelimit-reset", clock.now.getEpochSecond() + resetInSeconds)
        .setHeader("x-ratelimit-resource", "core")
        .setBody("{\"message\":\"" + message + "\",\"documentation_url\":"
            + "\"https://docs.github.com/rest\",\"status\":\"" + status + "\"}");
  }

  @Test
  void retryAfterWinsOverAResetTimeWhileRequestsAreLeft() throws IOException {
    // GitHub's secondary limit: retry-after, while the primary limit has 4000 left and its
    // reset (sent on every answer) is 30 minutes ahead
    server.enqueue(githubAnswer(403, 4000, 1800, "You have exceeded a secondary rate limit.")
        .setHeader("retry-after", "2"));
    server.enqueue(new MockResponse().setBody("[]"));
    assertThat(get(github())).isEqualTo(200);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void aResetTimeIsTheWaitWhenNoRequestIsLeft() throws IOException {
    server.enqueue(githubAnswer(403, 0, 30, "API rate limit exceeded for installation ID 1."));
    server.enqueue(new MockResponse().setBody("[]"));
    assertThat(get(github())).isEqualTo(200);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void aSecondaryLimitWithoutRetryAfterWaitsThePause() throws IOException {
    server.enqueue(githubAnswer(403, 4000, 1800, "You have exceeded a secondary rate limit."
        + " Please wait a few minutes before you try again."));
    server.enqueue(new MockResponse().setBody("[]"));
    assertThat(get(github())).isEqualTo(200);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(60));
  }

  @Test
  void aPermissionErrorIsNoThrottleAndIsNotRetried() throws IOException {
    server.enqueue(githubAnswer(403, 4999, 1800, "Resource not accessible by integration"));
    assertThat(get(github())).isEqualTo(403);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void metasUsageHeaderSaysHowManyMinutesToWait() throws IOException {
    ThrottleConfig meta = new ThrottleConfig(List.of(), Map.of(), Optional.of("/error/code"),
        List.of("4", "17", "80000", "80004"), List.of(), Optional.empty(), List.of(),
        Optional.empty(), Optional.of(new WaitHeaderConfig("x-business-use-case-usage",
            Optional.of("/*/*/estimated_time_to_regain_access"), WaitUnit.MINUTES)), List.of(),
        Duration.ofSeconds(60));
    server.enqueue(new MockResponse().setResponseCode(400)
        .setHeader("x-business-use-case-usage", "{\"1234567890\":[{\"type\":\"ads_management\","
            + "\"call_count\":28,\"total_cputime\":25,\"total_time\":25,"
            + "\"estimated_time_to_regain_access\":0},{\"type\":\"ads_insights\","
            + "\"call_count\":100,\"total_cputime\":30,\"total_time\":41,"
            + "\"estimated_time_to_regain_access\":4}]}")
        .setBody("{\"error\":{\"message\":\"(#80000) There have been too many calls from this"
            + " ad-account.\",\"type\":\"OAuthException\",\"code\":80000,"
            + "\"error_subcode\":2446079,\"fbtrace_id\":\"AbCdEf\"}}"));
    server.enqueue(new MockResponse().setBody("{\"data\":[]}"));
    assertThat(get(meta)).isEqualTo(200);
    assertThat(sleeps).containsExactly(Duration.ofMinutes(4));
  }

  @Test
  void aTextErrorCodeInTheBodyIsAThrottleCode() throws IOException {
    ThrottleConfig google = new ThrottleConfig(List.of(), Map.of(), Optional.of("/error/status"),
        List.of("RESOURCE_EXHAUSTED"), List.of(), Optional.empty(), List.of(), Optional.empty(),
        Optional.empty(), List.of(), Duration.ofSeconds(9));
    server.enqueue(new MockResponse().setResponseCode(503).setBody("{\"error\":{\"code\":503,"
        + "\"status\":\"UNAVAILABLE\"}}"));
    server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"error\":{\"code\":400,"
        + "\"message\":\"Too many requests.\",\"status\":\"RESOURCE_EXHAUSTED\"}}"));
    server.enqueue(new MockResponse().setBody("{}"));
    assertThat(get(google)).isEqualTo(200);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(9));
  }

  @Test
  void aReadTimeOutIsRetried() throws IOException {
    // a SocketTimeoutException is an InterruptedIOException too: it must not abort the retries
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(new MockResponse().setBody("{}"));
    OkHttpClient client = client().newBuilder().readTimeout(Duration.ofMillis(200)).build();
    try (Response response = client.newCall(new Request.Builder().url(server.url("/x"))
        .build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }
}
