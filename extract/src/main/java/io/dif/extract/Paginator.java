package io.dif.extract;

import io.dif.extract.page.PageSummary;
import java.util.Optional;
import java.util.Set;
import okhttp3.Headers;

/**
 * Walks one request chain from page to page. Stateful: one instance per chain, so it can count
 * records and refuse a token or link it has already followed instead of looping forever.
 */
interface Paginator {

  /** JSON pointers whose values {@link #next} needs from each page. */
  Set<String> pointers();

  /** The first request of the chain, with the parameters of the first page. */
  default PageRequest first(PageRequest request) {
    return request;
  }

  /** The next page's request, or empty when the chain is complete. */
  Optional<PageRequest> next(PageRequest current, FetchedPage page);

  /**
   * What a paginator may look at in a landed page.
   *
   * @param number the page's number in its chain, from 1
   */
  record FetchedPage(PageSummary summary, Headers headers, int number) {}
}
