package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.config.ClientConfigLoader;
import io.dif.core.config.PaginateConfig;
import io.dif.extract.page.PageSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class PaginatorsTest {
  private static final HttpUrl BASE = HttpUrl.get("https://api.example.com/v1");
  private static final PageRequest FIRST =
      new PageRequest(HttpUrl.get("https://api.example.com/v1/items?since=2024-01-01"), null);

  private static PaginateConfig paginate(String yaml) {
    return new ClientConfigLoader().parse("t.yaml", """
        version: 1
        client: t
        sources:
          s:
            base_url: https://api.example.com
            streams:
              items:
                request: { path: /items }
                paginate: %s
        """.formatted(yaml)).sources().get("s").streams().get("items").paginate();
  }

  private static Paginator.FetchedPage page(int number, long records, Map<String, String> values) {
    return new Paginator.FetchedPage(new PageSummary(values, true, records, List.of()),
        Headers.of(), number);
  }

  @Test
  void pageNumbersCountFromFirstPageAndStopAtAShortPage() {
    Paginator paginator = Paginators.start(paginate(
        "{ type: page_number, param: page, page_size: 2, page_size_param: per_page }"), "t", BASE);
    PageRequest first = paginator.first(FIRST);
    assertThat(first.url().queryParameter("page")).isEqualTo("1");
    assertThat(first.url().queryParameter("per_page")).isEqualTo("2");
    PageRequest second = paginator.next(first, page(1, 2, Map.of())).orElseThrow();
    assertThat(second.url().queryParameter("page")).isEqualTo("2");
    assertThat(paginator.next(second, page(2, 1, Map.of()))).isEmpty();
  }

  @Test
  void offsetsAdvanceByRecordsReadAndStopAtTheTotalCount() {
    Paginator paginator = Paginators.start(paginate(
        "{ type: offset, param: offset, total: /meta/total, param_in: body }"), "t", BASE);
    PageRequest first = paginator.first(FIRST);
    assertThat(first.body().get("offset").asLong()).isEqualTo(0);
    PageRequest second = paginator.next(first, page(1, 3, Map.of("/meta/total", "5")))
        .orElseThrow();
    assertThat(second.body().get("offset").asLong()).isEqualTo(3);
    assertThat(paginator.next(second, page(2, 2, Map.of("/meta/total", "5")))).isEmpty();
  }

  @Test
  void hasMoreFalseAndEmptyPagesStopACursorChain() {
    Paginator flagged = Paginators.start(paginate(
        "{ type: cursor, token: /next, param: cursor, has_more: /has_more }"), "t", BASE);
    assertThat(flagged.next(FIRST, page(1, 5, Map.of("/next", "n1", "/has_more", "true"))))
        .isPresent();
    assertThat(flagged.next(FIRST, page(2, 5, Map.of("/next", "n2", "/has_more", "false"))))
        .isEmpty();
    Paginator empty = Paginators.start(paginate("{ type: cursor, token: /next, param: cursor }"),
        "t", BASE);
    assertThat(empty.next(FIRST, page(1, 0, Map.of("/next", "n1")))).isEmpty();
  }

  @Test
  void maxPagesFailsOrStopsAsConfigured() {
    Paginator failing = Paginators.start(paginate(
        "{ type: cursor, token: /next, param: c, max_pages: 1 }"), "acme.s.items", BASE);
    assertThatThrownBy(() -> failing.next(FIRST, page(1, 1, Map.of("/next", "x"))))
        .hasMessageContaining("Cannot page stream acme.s.items: more than paginate.max_pages (1)");
    Paginator stopping = Paginators.start(paginate(
        "{ type: cursor, token: /next, param: c, max_pages: 1, on_max_pages: stop }"), "t", BASE);
    assertThat(stopping.next(FIRST, page(1, 1, Map.of("/next", "x")))).isEmpty();
  }

  @Test
  void linkHeaderFindsRelNextAmongOtherRelations() {
    assertThat(Paginators.nextLink(List.of("<https://a/x?page=1>; rel=\"prev\", "
        + "<https://a/x?page=3>; rel=\"next\", <https://a/x?page=9>; rel=\"last\"")))
        .contains("https://a/x?page=3");
    assertThat(Paginators.nextLink(List.of("<https://a/x?page=1>; rel=\"first\"")))
        .isEqualTo(Optional.empty());
  }

  /** Walks {@code pages} full pages of {@code size} records; returns the request after them. */
  private static PageRequest walk(Paginator paginator, int pages, int size) {
    PageRequest request = paginator.first(FIRST);
    for (int number = 1; number <= pages; number++) {
      request = paginator.next(request, page(number, size, Map.of())).orElseThrow();
    }
    return request;
  }

  @Test
  void aResumedPageNumberChainContinuesAfterTheLastLandedPage() {
    String config = "{ type: page_number, param: page, page_size: 2 }";
    Paginator killed = Paginators.start(paginate(config), "t", BASE);
    PageRequest fifth = walk(killed, 4, 2);
    assertThat(fifth.url().queryParameter("page")).isEqualTo("5");
    Map<String, String> saved = killed.position();
    assertThat(saved).containsEntry("kind", "page_number").containsEntry("page", "5")
        .containsEntry("records", "8");

    Paginator resumed = Paginators.start(paginate(config), "t", BASE);
    PageRequest again = resumed.resume(FIRST, saved).orElseThrow();
    assertThat(again.url()).isEqualTo(fifth.url());
    PageRequest sixth = resumed.next(again, page(5, 2, Map.of())).orElseThrow();
    assertThat(sixth.url().queryParameter("page")).isEqualTo("6");
    assertThat(sixth.url().queryParameter("since")).isEqualTo("2024-01-01");
  }

  @Test
  void aResumedOffsetChainContinuesAtTheRecordsReadAndStopsAtTheTotal() {
    String config = "{ type: offset, param: offset, page_size: 10, total: /total }";
    Paginator killed = Paginators.start(paginate(config), "t", BASE);
    PageRequest fifth = walk(killed, 4, 10);
    assertThat(fifth.url().queryParameter("offset")).isEqualTo("40");

    Paginator resumed = Paginators.start(paginate(config), "t", BASE);
    PageRequest again = resumed.resume(FIRST, killed.position()).orElseThrow();
    assertThat(again.url().queryParameter("offset")).isEqualTo("40");
    PageRequest sixth = resumed.next(again, page(5, 10, Map.of("/total", "60"))).orElseThrow();
    assertThat(sixth.url().queryParameter("offset")).isEqualTo("50");
    // records read before the kill count toward the total: 60 reached after page 6
    assertThat(resumed.next(sixth, page(6, 10, Map.of("/total", "60")))).isEmpty();
  }

  @Test
  void aResumedCursorChainSendsTheSavedCursorWhereTheConfigSays() {
    String config = "{ type: cursor, token: /next, param: pageToken, param_in: body }";
    Paginator killed = Paginators.start(paginate(config), "t", BASE);
    PageRequest second = killed.next(killed.first(FIRST), page(1, 3, Map.of("/next", "QVFI")))
        .orElseThrow();
    assertThat(killed.position()).containsEntry("cursor", "QVFI");

    Paginator resumed = Paginators.start(paginate(config), "t", BASE);
    PageRequest again = resumed.resume(FIRST, killed.position()).orElseThrow();
    assertThat(again.body()).isEqualTo(second.body());
    assertThatThrownBy(() -> resumed.next(again, page(2, 3, Map.of("/next", "QVFI"))))
        .hasMessageContaining("cursor repeated");
  }

  @Test
  void linksOnTheBaseUrlAreSavedRelativeAndResumeOnTheServerWhereItIsNow() {
    HttpUrl old = HttpUrl.get("http://127.0.0.1:41001/v1");
    PageRequest first = new PageRequest(HttpUrl.get("http://127.0.0.1:41001/v1/items"), null);
    Paginator killed = Paginators.start(paginate("{ type: next_url, next_url: /next }"), "t",
        old);
    killed.next(first, page(1, 2, Map.of("/next",
        "http://127.0.0.1:41001/v1/items?after=b2&access_token=SECRET")));
    Map<String, String> saved = killed.position();
    assertThat(saved).containsEntry("link", "/items?after=b2");
    assertThat(saved.toString()).doesNotContain("41001").doesNotContain("SECRET");

    HttpUrl moved = HttpUrl.get("http://127.0.0.1:42002/v1");
    Paginator resumed = Paginators.start(paginate("{ type: next_url, next_url: /next }"), "t",
        moved);
    PageRequest again = resumed.resume(new PageRequest(HttpUrl.get(
        "http://127.0.0.1:42002/v1/items"), null), saved).orElseThrow();
    assertThat(again.url()).hasToString("http://127.0.0.1:42002/v1/items?after=b2");
  }

  @Test
  void linksElsewhereAreSavedAsAPathOnTheHostOrWhole() {
    assertThat(Paginators.savedLink(BASE, HttpUrl.get("https://api.example.com/v2/x?p=2")))
        .isEqualTo(Map.entry("link_path", "/v2/x?p=2"));
    assertThat(Paginators.savedLink(BASE, HttpUrl.get("https://api.example.com/v1x/y")))
        .isEqualTo(Map.entry("link_path", "/v1x/y"));
    assertThat(Paginators.savedLink(BASE, HttpUrl.get(
        "https://cdn.example.net/r/1?X-Amz-Signature=abc&part=2")))
        .isEqualTo(Map.entry("link_url", "https://cdn.example.net/r/1?part=2"));
    HttpUrl moved = HttpUrl.get("http://localhost:9000/v1");
    assertThat(Paginators.resolveLink(moved, Map.of("link_path", "/v2/x?p=2")))
        .contains(HttpUrl.get("http://localhost:9000/v2/x?p=2"));
    assertThat(Paginators.resolveLink(moved, Map.of("link_url", "https://cdn.example.net/r/1")))
        .contains(HttpUrl.get("https://cdn.example.net/r/1"));
  }

  @Test
  void linkHeaderChainsResumeFromTheSavedLink() {
    Paginator killed = Paginators.start(paginate("{ type: link_header }"), "t", BASE);
    killed.next(FIRST, new Paginator.FetchedPage(new PageSummary(Map.of(), true, 2, List.of()),
        Headers.of("Link", "<https://api.example.com/v1/items?page=3>; rel=\"next\""), 2));
    Paginator resumed = Paginators.start(paginate("{ type: link_header }"), "t", BASE);
    assertThat(resumed.resume(FIRST, killed.position()).orElseThrow().url())
        .hasToString("https://api.example.com/v1/items?page=3");
  }

  @Test
  void aPositionOfAnotherKindOrAnOldCheckpointIsNotResumed() {
    Paginator pages = Paginators.start(paginate("{ type: page_number, param: page }"), "t",
        BASE);
    assertThat(pages.resume(FIRST, Map.of("kind", "cursor", "records", "4", "cursor", "x")))
        .isEmpty();
    assertThat(pages.resume(FIRST, Map.of("kind", "page_number", "records", "4"))).isEmpty();
    assertThat(pages.resume(FIRST, Map.of("url", "http://127.0.0.1:40000/v1/items?page=5")))
        .isEmpty();
  }
}
