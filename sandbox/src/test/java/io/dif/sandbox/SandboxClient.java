package io.dif.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A plain HTTP client for the sandbox in tests: sends GETs and follows {@code paging.next}. */
final class SandboxClient {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final URI baseUrl;
  private final Optional<String> accessToken;

  SandboxClient(SandboxServer server) {
    this(server, Optional.empty());
  }

  SandboxClient(SandboxServer server, Optional<String> accessToken) {
    this.baseUrl = server.baseUrl();
    this.accessToken = accessToken;
  }

  /** GET of a path and query relative to the server, e.g. {@code /v1/campaigns?limit=5}. */
  Reply get(String pathAndQuery) {
    return getUrl(URI.create(baseUrl + pathAndQuery));
  }

  Reply getUrl(URI url) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET();
    accessToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot GET " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while getting " + url, e);
    }
  }

  /**
   * Every page from the first one, following {@code paging.next} until a page has none; fails if
   * a page is not 200 or if there are more pages than {@code maxPages}.
   */
  List<Reply> allPages(String firstPathAndQuery, int maxPages) {
    List<Reply> pages = new ArrayList<>();
    Reply page = get(firstPathAndQuery);
    while (true) {
      if (page.status() != 200) {
        throw new AssertionError("Page " + pages.size() + " answered " + page.status() + ": "
            + page.text());
      }
      pages.add(page);
      JsonNode next = page.json().path("paging").path("next");
      if (next.isMissingNode()) {
        return pages;
      }
      if (pages.size() >= maxPages) {
        throw new AssertionError("More than " + maxPages + " pages; last: " + page.text());
      }
      page = getUrl(URI.create(next.asText()));
    }
  }

  record Reply(int status, HttpHeaders headers, byte[] body) {

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("Body is not JSON: " + text(), e);
      }
    }
  }
}
