package io.dif.extract;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A strict fake API on MockWebServer: each expected request is declared with its answer; a
 * request nobody expected is answered 418 and recorded, and {@link #verify} fails on it and on
 * every expectation that was never used. Expectations are matched in declaration order, so a
 * sequence of answers to the same request (PENDING, PENDING, COMPLETED) reads top to bottom.
 */
final class TestingApiServer implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final List<Expectation> expectations = new ArrayList<>();
  private final List<String> unexpected = new ArrayList<>();
  private final List<RecordedRequest> received = new ArrayList<>();

  TestingApiServer() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer(request);
      }
    });
    server.start();
  }

  /** Base URL of the fake, without a trailing slash. */
  String baseUrl() {
    String url = server.url("/").toString();
    return url.substring(0, url.length() - 1);
  }

  HttpUrl url(String path) {
    return server.url(path);
  }

  Expectation expect(String method, String path) {
    Expectation expectation = new Expectation(method, path);
    synchronized (this) {
      expectations.add(expectation);
    }
    return expectation;
  }

  synchronized List<RecordedRequest> received() {
    return List.copyOf(received);
  }

  private synchronized MockResponse answer(RecordedRequest request) {
    received.add(request);
    for (Expectation expectation : expectations) {
      if (expectation.remaining != 0 && expectation.matches(request)) {
        if (expectation.remaining > 0) {
          expectation.remaining--;
        }
        expectation.used++;
        return expectation.response;
      }
    }
    unexpected.add(request.getMethod() + " " + request.getPath() + " "
        + request.getBody().clone().readUtf8());
    return new MockResponse().setResponseCode(418).setBody("{\"error\":{\"message\":"
        + "\"unexpected request\"}}");
  }

  /** Fails on an unexpected request or an expectation never (or not fully) used. */
  synchronized void verify() {
    List<String> problems = new ArrayList<>();
    unexpected.forEach(u -> problems.add("unexpected request: " + u));
    for (Expectation expectation : expectations) {
      if (expectation.remaining > 0 || expectation.used == 0) {
        problems.add("expected request not made" + (expectation.used > 0 ? " often enough" : "")
            + ": " + expectation);
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems));
    }
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }

  /** One expected request and its answer. */
  static final class Expectation {
    private final String method;
    private final String path;
    private final List<Predicate<RecordedRequest>> conditions = new ArrayList<>();
    private final List<String> descriptions = new ArrayList<>();
    private MockResponse response = new MockResponse();
    private int remaining = 1;
    private int used;

    private Expectation(String method, String path) {
      this.method = method;
      this.path = path;
    }

    Expectation query(String name, String value) {
      return when(r -> Objects.equals(r.getRequestUrl().queryParameter(name), value),
          name + "=" + value);
    }

    Expectation noQuery(String name) {
      return when(r -> r.getRequestUrl().queryParameter(name) == null, "no " + name);
    }

    Expectation header(String name, String value) {
      return when(r -> Objects.equals(r.getHeader(name), value), name + ": " + value);
    }

    Expectation noHeader(String name) {
      return when(r -> r.getHeader(name) == null, "no header " + name);
    }

    Expectation bodyContains(String text) {
      return when(r -> r.getBody().clone().readUtf8().contains(text), "body has " + text);
    }

    Expectation bodyLacks(String text) {
      return when(r -> !r.getBody().clone().readUtf8().contains(text), "body lacks " + text);
    }

    Expectation when(Predicate<RecordedRequest> condition, String description) {
      conditions.add(condition);
      descriptions.add(description);
      return this;
    }

    /** Answers this many matching requests (default 1). */
    Expectation times(int times) {
      this.remaining = times;
      return this;
    }

    /** Answers any number of matching requests, at least one. */
    Expectation repeatedly() {
      this.remaining = -1;
      return this;
    }

    Expectation respond(MockResponse answer) {
      this.response = answer;
      return this;
    }

    Expectation respond(int status, String json) {
      return respond(new MockResponse().setResponseCode(status)
          .setHeader("Content-Type", "application/json").setBody(json));
    }

    Expectation respondJson(String json) {
      return respond(200, json);
    }

    private boolean matches(RecordedRequest request) {
      return method.equals(request.getMethod())
          && path.equals(request.getRequestUrl().encodedPath())
          && conditions.stream().allMatch(c -> c.test(request));
    }

    @Override
    public String toString() {
      return method + " " + path + (descriptions.isEmpty() ? "" : " " + descriptions);
    }
  }

}
