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
  private static final PageRequest FIRST =
      new PageRequest(HttpUrl.get("https://api.example.com/items"), null);

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
        "{ type: page_number, param: page, page_size: 2, page_size_param: per_page }"), "t");
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
        "{ type: offset, param: offset, total: /meta/total, param_in: body }"), "t");
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
        "{ type: cursor, token: /next, param: cursor, has_more: /has_more }"), "t");
    assertThat(flagged.next(FIRST, page(1, 5, Map.of("/next", "n1", "/has_more", "true"))))
        .isPresent();
    assertThat(flagged.next(FIRST, page(2, 5, Map.of("/next", "n2", "/has_more", "false"))))
        .isEmpty();
    Paginator empty = Paginators.start(paginate("{ type: cursor, token: /next, param: cursor }"),
        "t");
    assertThat(empty.next(FIRST, page(1, 0, Map.of("/next", "n1")))).isEmpty();
  }

  @Test
  void maxPagesFailsOrStopsAsConfigured() {
    Paginator failing = Paginators.start(paginate(
        "{ type: cursor, token: /next, param: c, max_pages: 1 }"), "acme.s.items");
    assertThatThrownBy(() -> failing.next(FIRST, page(1, 1, Map.of("/next", "x"))))
        .hasMessageContaining("Cannot page stream acme.s.items: more than paginate.max_pages (1)");
    Paginator stopping = Paginators.start(paginate(
        "{ type: cursor, token: /next, param: c, max_pages: 1, on_max_pages: stop }"), "t");
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
}
