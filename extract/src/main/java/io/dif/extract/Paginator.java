package io.dif.extract;

import io.dif.extract.page.PageSummary;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.Headers;

/**
 * Walks one request chain from page to page. Stateful: one instance per chain, so it can count
 * records and refuse a token or link it has already followed instead of looping forever.
 *
 * <p>Its position is data ({@link #position}): the cursor, page number, offset or next link
 * relative to the source's base URL, like a Kafka Connect source offset. A checkpoint stores it
 * after each landed page, and {@link #resume} rebuilds the chain's next request from it on top
 * of the first request as templated now, so a resumed run continues exactly after the last
 * landed page even when the server moved to another host or port.
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
   * Where the chain stands once {@link #next} returned a request: what {@link #resume} needs to
   * build that request again. Holds no credential and no host of the source's base URL.
   */
  Map<String, String> position();

  /**
   * Continues a chain from a saved {@link #position}: the request of the page after the last
   * landed one, built on {@code first} (the chain's first request as templated now, on the
   * current base URL). Empty when the position is not one this kind of paginator wrote (an old
   * checkpoint, or a paginate config changed since): the chain then starts again.
   */
  Optional<PageRequest> resume(PageRequest first, Map<String, String> position);

  /**
   * What a paginator may look at in a landed page.
   *
   * @param number the page's number in its chain, from 1
   */
  record FetchedPage(PageSummary summary, Headers headers, int number) {}
}
