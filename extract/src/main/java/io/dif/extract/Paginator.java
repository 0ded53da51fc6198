package io.dif.extract;

import io.dif.extract.page.PageSummary;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Walks one request chain from page to page. Stateful: one instance per chain, so it can refuse
 * a token or link it has already followed instead of looping forever.
 */
interface Paginator {

  /** JSON pointers whose values {@link #next} needs from each page. */
  Set<String> pointers();

  /** The next page's URL, or empty when the chain is complete. */
  Optional<HttpUrl> next(HttpUrl current, PageSummary page, int pageNumber);
}
