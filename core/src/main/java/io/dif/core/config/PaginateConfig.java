package io.dif.core.config;

import java.util.Optional;

/**
 * Pagination of a stream, and when it stops. A chain ends at the first stop condition met:
 * no next token or link, an empty page, a has-more flag false, the total count reached, a short
 * page (page_number and offset only), or max_pages. A short page does not end a chain that
 * still has a next token or link; an empty page ends it only when nothing else tells the end
 * (see {@link #emptyPageStops}).
 */
public record PaginateConfig(
    @ConfigField(description = "Kind of pagination.", defaultValue = "none")
    PaginationType type,
    @ConfigField(description = "For cursor: JSON pointer to the next-page token in the body.",
        pattern = Names.JSON_POINTER)
    Optional<String> token,
    @ConfigField(description = "For cursor, page_number and offset: name of the parameter that"
        + " carries the token, page number or offset.")
    Optional<String> param,
    @ConfigField(description = "Whether param is sent in the query or as a top-level field of"
        + " the JSON body (e.g. Google Ads pageToken).", defaultValue = "query")
    ParamLocation paramIn,
    @ConfigField(description = "For next_url: JSON pointer to the next page's URL in the body.",
        pattern = Names.JSON_POINTER)
    Optional<String> nextUrl,
    @ConfigField(description = "Stop when this JSON pointer is missing from a page (e.g. Meta's"
        + " /paging/next, absent on the last page while cursors are still present).",
        pattern = Names.JSON_POINTER)
    Optional<String> untilMissing,
    @ConfigField(description = "Stop when the value at this JSON pointer is false (a has-more"
        + " flag).", pattern = Names.JSON_POINTER)
    Optional<String> hasMore,
    @ConfigField(description = "Stop when the records read by the chain reach the number at"
        + " this JSON pointer (a total count).", pattern = Names.JSON_POINTER)
    Optional<String> total,
    @ConfigField(description = "Stop at a page without records. Left out: true unless a stop"
        + " condition on the next token or link tells the end (until_missing, has_more, total,"
        + " or next_url and link_header paging), since some APIs (Meta's Graph API) send empty"
        + " pages that still link to more.")
    Optional<Boolean> stopOnEmptyPage,
    @ConfigField(description = "For page_number: number of the first page.", defaultValue = "1",
        min = 0)
    int firstPage,
    @ConfigField(description = "Records per page. For page_number and offset, a page with fewer"
        + " records ends the chain; sent as page_size_param when that is set.", min = 1)
    Optional<Integer> pageSize,
    @ConfigField(description = "Parameter (in the same place as param) that carries page_size.")
    Optional<String> pageSizeParam,
    @ConfigField(description = "Most pages read per request chain.", defaultValue = "10000",
        min = 1)
    int maxPages,
    @ConfigField(description = "What reaching max_pages does: fail the stream (rather than"
        + " landing a silent partial result) or stop the chain.", defaultValue = "fail")
    MaxPagesAction onMaxPages) {

  /**
   * Whether a page without records ends the chain: as configured, else only when no stop
   * condition on the next token or link is configured.
   */
  public boolean emptyPageStops() {
    return stopOnEmptyPage.orElseGet(() -> untilMissing.isEmpty() && hasMore.isEmpty()
        && total.isEmpty() && type != PaginationType.NEXT_URL
        && type != PaginationType.LINK_HEADER);
  }
}
