package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.RawManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/clients/examples/github.yaml: issues paged by GitHub's Link header. */
class GitHubLinkScenarioIT {
  private static final String ISSUES = "/repos/octo-org/octo-repo/issues";
  private TestingApiServer github;
  private final InMemoryCredentialStore credentials =
      new InMemoryCredentialStore().with("example_github", "github_token", "ghp_test");

  @TempDir
  Path root;

  @BeforeEach
  void start() throws IOException {
    github = new TestingApiServer();
  }

  @AfterEach
  void stop() throws IOException {
    github.close();
  }

  private MockResponse page(String issues, String link) {
    MockResponse response = new MockResponse().setHeader("Content-Type", "application/json")
        .setBody("[" + issues + "]");
    return link == null ? response : response.setHeader("Link", link);
  }

  private String link(int page, String rel) {
    return "<" + github.url(ISSUES) + "?state=all&per_page=100&page=" + page + ">; rel=\"" + rel
        + "\"";
  }

  @Test
  void followsRelNextUntilTheLastPage() throws IOException {
    github.expect("GET", ISSUES).noQuery("page").header("Authorization", "Bearer ghp_test")
        .respond(page("{\"id\":1,\"number\":1},{\"id\":2,\"number\":2}",
            link(2, "next") + ", " + link(3, "last")));
    github.expect("GET", ISSUES).query("page", "2")
        .respond(page("{\"id\":3,\"number\":3}", link(1, "prev") + ", " + link(3, "next")
            + ", " + link(3, "last") + ", " + link(1, "first")));
    github.expect("GET", ISSUES).query("page", "3")
        .respond(page("{\"id\":4,\"number\":4}", link(2, "prev") + ", " + link(1, "first")));

    ExampleScenario.extract(root, ExampleScenario.load("github", github, Map.of()), credentials,
        null, null);

    github.verify();
    RawManifest issues = ExampleScenario.manifest(ExampleScenario.run(root, "example_github",
        "github", "issues", LocalDate.of(2024, 2, 1)));
    assertThat(issues.pages()).extracting(RawManifest.Page::records).containsExactly(2L, 1L, 1L);
  }

  @Test
  void aLinkBackToAPageAlreadyReadFailsTheStream() throws IOException {
    github.expect("GET", ISSUES).noQuery("page")
        .respond(page("{\"id\":1}", link(2, "next")));
    github.expect("GET", ISSUES).query("page", "2")
        .respond(page("{\"id\":2}", link(2, "next")));

    assertThatThrownBy(() -> ExampleScenario.extract(root,
        ExampleScenario.load("github", github, Map.of()), credentials, null, null))
        .hasMessageContaining("next link repeated after page 2");
    github.verify();
  }

  private MockResponse limited(int status, long remaining, long resetInSeconds, String message) {
    return new MockResponse().setResponseCode(status)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .setHeader("x-ratelimit-limit", "5000")
        .setHeader("x-ratelimit-remaining", remaining)
        .setHeader("x-ratelimit-used", 5000 - remaining)
        .setHeader("x-ratelimit-reset", java.time.Instant.now().getEpochSecond() + resetInSeconds)
        .setHeader("x-ratelimit-resource", "core")
        .setBody("{\"message\":\"" + message + "\",\"documentation_url\":"
            + "\"https://docs.github.com/rest/issues/issues#list-repository-issues\","
            + "\"status\":\"" + status + "\"}");
  }

  @Test
  void primaryAndSecondaryRateLimitsAreWaitedOut() throws IOException {
    // secondary limit: retry-after wins over a reset 30 minutes ahead while 4000 are left
    github.expect("GET", ISSUES).noQuery("page").respond(limited(403, 4000, 1800,
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try"
            + " again.").setHeader("retry-after", "1"));
    github.expect("GET", ISSUES).noQuery("page")
        .respond(page("{\"id\":1}", link(2, "next")));
    // primary limit: nothing left, the reset is now
    github.expect("GET", ISSUES).query("page", "2").respond(limited(429, 0, 0,
        "API rate limit exceeded for installation ID 4242."));
    github.expect("GET", ISSUES).query("page", "2").respond(page("{\"id\":2}", null));

    ExampleScenario.extract(root, ExampleScenario.load("github", github, Map.of()), credentials,
        null, null);

    github.verify();
    RawManifest issues = ExampleScenario.manifest(ExampleScenario.run(root, "example_github",
        "github", "issues", LocalDate.of(2024, 2, 1)));
    assertThat(issues.pages()).extracting(RawManifest.Page::records).containsExactly(1L, 1L);
  }

  @Test
  void aPermissionErrorFailsAtOnce() throws IOException {
    github.expect("GET", ISSUES).respond(limited(403, 4999, 1800,
        "Resource not accessible by integration"));

    assertThatThrownBy(() -> ExampleScenario.extract(root,
        ExampleScenario.load("github", github, Map.of()), credentials, null, null))
        .isInstanceOfSatisfying(DataException.class, e -> assertThat(e.code())
            .isEqualTo(ErrorCode.HTTP_REJECTED)) // exit 2: rejected, not retriable
        .hasMessageContaining("HTTP 403").hasMessageContaining(
            "Resource not accessible by integration");
    github.verify();
  }
}
