package io.dif.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dif.core.config.MaxPagesAction;
import io.dif.core.config.PaginateConfig;
import io.dif.core.config.ParamLocation;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The paginators DIF offers, one per {@link io.dif.core.config.PaginationType}. Every kind shares
 * the stop conditions of {@link PaginateConfig}; each kind adds how it finds the next page and
 * what its position is: {@code kind} and {@code records} (records read by the chain) for all,
 * then {@code cursor}, {@code page}, {@code offset}, or the next link as {@code link} (after the
 * base URL), {@code link_path} (another path on the base URL's host) or {@code link_url}
 * (another host, e.g. a CDN).
 */
final class Paginators {
  private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
  private static final Pattern REL = Pattern.compile("rel\\s*=\\s*\"?([^\";]+)\"?");
  /** Query parameters that carry credentials: never stored in a checkpoint. */
  private static final Set<String> CREDENTIAL_PARAMETERS = Set.of("access_token", "api_key",
      "apikey", "client_secret", "password", "signature", "sig", "x-amz-signature",
      "x-amz-credential", "x-amz-security-token");

  private Paginators() {}

  /**
   * @param base the source's base URL: next links on it are kept relative to it, so a chain
   *     resumes on whatever host and port the source answers at now
   */
  static Paginator start(PaginateConfig config, String streamName, HttpUrl base) {
    return switch (config.type()) {
      case NONE -> new Single(config, streamName);
      case CURSOR -> new Cursor(config, streamName);
      case NEXT_URL -> new NextUrl(config, streamName, base);
      case LINK_HEADER -> new LinkHeader(config, streamName, base);
      case PAGE_NUMBER -> new PageNumber(config, streamName);
      case OFFSET -> new Offset(config, streamName);
    };
  }

  /** The URL without user info and credential query parameters; auth adds them per request. */
  static HttpUrl withoutCredentials(HttpUrl url) {
    HttpUrl.Builder stripped = url.newBuilder().username("").password("");
    for (String name : url.queryParameterNames()) {
      if (CREDENTIAL_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
        stripped.removeAllQueryParameters(name);
      }
    }
    return stripped.build();
  }

  /** A link as a position keeps it: relative to {@code base} when it is on the base's host. */
  static Map.Entry<String, String> savedLink(HttpUrl base, HttpUrl link) {
    HttpUrl clean = withoutCredentials(link);
    String text = clean.toString();
    String prefix = trimSlash(base.toString());
    boolean sameOrigin = clean.scheme().equals(base.scheme()) && clean.host().equals(base.host())
        && clean.port() == base.port();
    if (sameOrigin && text.startsWith(prefix) && (text.length() == prefix.length()
        || "/?#".indexOf(text.charAt(prefix.length())) >= 0)) {
      return Map.entry("link", text.substring(prefix.length()));
    }
    if (sameOrigin) {
      String query = clean.encodedQuery();
      return Map.entry("link_path", clean.encodedPath() + (query == null ? "" : "?" + query));
    }
    return Map.entry("link_url", text);
  }

  /** A saved link as a URL on {@code base}; empty when the position holds none. */
  static Optional<HttpUrl> resolveLink(HttpUrl base, Map<String, String> position) {
    if (position.containsKey("link")) {
      return Optional.ofNullable(HttpUrl.parse(trimSlash(base.toString()) + position.get("link")));
    }
    if (position.containsKey("link_path")) {
      return Optional.ofNullable(base.resolve(position.get("link_path")));
    }
    return Optional.ofNullable(position.get("link_url")).map(HttpUrl::parse);
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static Optional<Long> number(Map<String, String> position, String key) {
    String value = position.get(key);
    if (value == null || !value.matches("-?\\d{1,18}")) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(value));
  }

  private static String shorten(String value) {
    return value.length() <= 24 ? value : value.substring(0, 21) + "...";
  }

  /** The stop conditions every kind shares, and max_pages. */
  private abstract static class Base implements Paginator {
    final PaginateConfig config;
    final String stream;
    long recordsRead;

    Base(PaginateConfig config, String stream) {
      this.config = config;
      this.stream = stream;
    }

    /** Pointers the kind itself reads. */
    Set<String> ownPointers() {
      return Set.of();
    }

    /** The next request as the kind sees it, without the shared stop conditions. */
    abstract Optional<PageRequest> advance(PageRequest current, FetchedPage page);

    /** Adds what the kind needs to continue to a position. */
    void savePosition(Map<String, String> position) {}

    /** The request after a saved position, on the chain's first request; empty if unreadable. */
    abstract Optional<PageRequest> restore(PageRequest first, Map<String, String> position);

    @Override
    public final Map<String, String> position() {
      Map<String, String> position = new LinkedHashMap<>();
      position.put("kind", kind());
      position.put("records", Long.toString(recordsRead));
      savePosition(position);
      return Map.copyOf(position);
    }

    @Override
    public final Optional<PageRequest> resume(PageRequest first, Map<String, String> position) {
      Optional<Long> records = number(position, "records");
      if (!kind().equals(position.get("kind")) || records.isEmpty()) {
        return Optional.empty();
      }
      recordsRead = records.get();
      return restore(first(first), position);
    }

    private String kind() {
      return config.type().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public final Set<String> pointers() {
      Set<String> pointers = new LinkedHashSet<>(ownPointers());
      config.untilMissing().ifPresent(pointers::add);
      config.hasMore().ifPresent(pointers::add);
      config.total().ifPresent(pointers::add);
      return Set.copyOf(pointers);
    }

    @Override
    public PageRequest first(PageRequest request) {
      if (config.pageSize().isPresent() && config.pageSizeParam().isPresent()) {
        return with(request, config.pageSizeParam().get(), LongNode.valueOf(config.pageSize().get()));
      }
      return request;
    }

    @Override
    public final Optional<PageRequest> next(PageRequest current, FetchedPage page) {
      recordsRead += page.summary().recordCount();
      if (stops(page)) {
        return Optional.empty();
      }
      Optional<PageRequest> next = advance(current, page);
      if (next.isPresent() && page.number() >= config.maxPages()) {
        if (config.onMaxPages() == MaxPagesAction.STOP) {
          return Optional.empty();
        }
        throw new DataException(ErrorCode.PAGINATION_LOOP, "Cannot page stream " + stream
            + ": more than paginate.max_pages (" + config.maxPages() + ") pages");
      }
      return next;
    }

    private boolean stops(FetchedPage page) {
      if (config.untilMissing().isPresent()
          && page.summary().value(config.untilMissing().get()).isEmpty()) {
        return true;
      }
      if (config.hasMore().isPresent() && page.summary().value(config.hasMore().get())
          .map(flag -> flag.equalsIgnoreCase("false") || flag.equals("0")).orElse(false)) {
        return true;
      }
      if (config.total().isPresent()) {
        Optional<String> total = page.summary().value(config.total().get());
        if (total.isPresent() && recordsRead >= parseTotal(total.get(), page)) {
          return true;
        }
      }
      return config.emptyPageStops() && page.summary().recordCount() == 0;
    }

    private long parseTotal(String text, FetchedPage page) {
      try {
        return Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot page stream " + stream
            + ": total count at " + config.total().get() + " of page " + page.number()
            + " is not a number: \"" + shorten(text) + "\"");
      }
    }

    /** The request with a paging parameter set where {@code param_in} says. */
    PageRequest with(PageRequest request, String name, JsonNode value) {
      return config.paramIn() == ParamLocation.BODY ? request.withBodyField(name, value)
          : request.withQueryParameter(name, value.asText());
    }

    boolean shortPage(FetchedPage page) {
      return config.pageSize().map(size -> page.summary().recordCount() < size).orElse(false);
    }
  }

  private static final class Single extends Base {
    Single(PaginateConfig config, String stream) {
      super(config, stream);
    }

    @Override
    Optional<PageRequest> advance(PageRequest current, FetchedPage page) {
      return Optional.empty();
    }

    @Override
    Optional<PageRequest> restore(PageRequest first, Map<String, String> position) {
      return Optional.empty(); // a one-page chain is done once its page landed
    }
  }

  private static final class Cursor extends Base {
    private final Set<String> seen = new HashSet<>();
    private String cursor;

    Cursor(PaginateConfig config, String stream) {
      super(config, stream);
    }

    @Override
    Set<String> ownPointers() {
      return Set.of(config.token().orElseThrow());
    }

    @Override
    Optional<PageRequest> advance(PageRequest current, FetchedPage page) {
      Optional<String> token = page.summary().value(config.token().orElseThrow())
          .filter(t -> !t.isEmpty());
      if (token.isEmpty()) {
        return Optional.empty();
      }
      if (!seen.add(token.get())) {
        throw new DataException(ErrorCode.PAGINATION_LOOP, "Cannot page stream " + stream
            + ": cursor repeated after page " + page.number() + ": \"" + shorten(token.get())
            + "\"");
      }
      cursor = token.get();
      return Optional.of(with(current, config.param().orElseThrow(), TextNode.valueOf(cursor)));
    }

    @Override
    void savePosition(Map<String, String> position) {
      position.put("cursor", cursor);
    }

    @Override
    Optional<PageRequest> restore(PageRequest first, Map<String, String> position) {
      String saved = position.get("cursor");
      if (saved == null || saved.isEmpty()) {
        return Optional.empty();
      }
      cursor = saved;
      seen.add(saved);
      return Optional.of(with(first, config.param().orElseThrow(), TextNode.valueOf(saved)));
    }
  }

  /** Follows absolute or relative links, refusing one already followed. */
  private abstract static class Links extends Base {
    private final Set<HttpUrl> seen = new HashSet<>();
    private final HttpUrl base;
    private HttpUrl nextLink;

    Links(PaginateConfig config, String stream, HttpUrl base) {
      super(config, stream);
      this.base = base;
    }

    abstract Optional<String> link(FetchedPage page);

    @Override
    Optional<PageRequest> advance(PageRequest current, FetchedPage page) {
      seen.add(current.url());
      Optional<String> link = link(page).filter(t -> !t.isBlank());
      if (link.isEmpty()) {
        return Optional.empty();
      }
      HttpUrl next = current.url().resolve(link.get().trim());
      if (next == null) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot page stream " + stream
            + ": next link of page " + page.number() + " is not a URL");
      }
      if (!seen.add(next)) {
        throw new DataException(ErrorCode.PAGINATION_LOOP, "Cannot page stream " + stream
            + ": next link repeated after page " + page.number());
      }
      nextLink = next;
      return Optional.of(current.withUrl(next));
    }

    @Override
    void savePosition(Map<String, String> position) {
      Map.Entry<String, String> link = savedLink(base, nextLink);
      position.put(link.getKey(), link.getValue());
    }

    @Override
    Optional<PageRequest> restore(PageRequest first, Map<String, String> position) {
      Optional<HttpUrl> link = resolveLink(base, position);
      link.ifPresent(url -> {
        nextLink = url;
        seen.add(url);
      });
      return link.map(first::withUrl);
    }
  }

  private static final class NextUrl extends Links {
    NextUrl(PaginateConfig config, String stream, HttpUrl base) {
      super(config, stream, base);
    }

    @Override
    Set<String> ownPointers() {
      return Set.of(config.nextUrl().orElseThrow());
    }

    @Override
    Optional<String> link(FetchedPage page) {
      return page.summary().value(config.nextUrl().orElseThrow());
    }
  }

  /** RFC 8288 {@code Link: <https://...&page=2>; rel="next", <...>; rel="last"} (GitHub). */
  private static final class LinkHeader extends Links {
    LinkHeader(PaginateConfig config, String stream, HttpUrl base) {
      super(config, stream, base);
    }

    @Override
    Optional<String> link(FetchedPage page) {
      return nextLink(page.headers().values("Link"));
    }
  }

  static Optional<String> nextLink(Iterable<String> headerValues) {
    for (String header : headerValues) {
      Matcher link = LINK.matcher(header);
      while (link.find()) {
        Matcher rel = REL.matcher(link.group(2));
        while (rel.find()) {
          for (String relation : rel.group(1).trim().split("\\s+")) {
            if (relation.equalsIgnoreCase("next")) {
              return Optional.of(link.group(1));
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private static final class PageNumber extends Base {
    private long page;

    PageNumber(PaginateConfig config, String stream) {
      super(config, stream);
      this.page = config.firstPage();
    }

    @Override
    public PageRequest first(PageRequest request) {
      return with(super.first(request), config.param().orElseThrow(), LongNode.valueOf(page));
    }

    @Override
    Optional<PageRequest> advance(PageRequest current, FetchedPage fetched) {
      if (shortPage(fetched)) {
        return Optional.empty();
      }
      page++;
      return Optional.of(with(current, config.param().orElseThrow(), LongNode.valueOf(page)));
    }

    @Override
    void savePosition(Map<String, String> position) {
      position.put("page", Long.toString(page));
    }

    @Override
    Optional<PageRequest> restore(PageRequest first, Map<String, String> position) {
      Optional<Long> saved = number(position, "page");
      saved.ifPresent(number -> page = number);
      return saved.map(number -> with(first, config.param().orElseThrow(),
          LongNode.valueOf(number)));
    }
  }

  private static final class Offset extends Base {
    Offset(PaginateConfig config, String stream) {
      super(config, stream);
    }

    @Override
    public PageRequest first(PageRequest request) {
      return with(super.first(request), config.param().orElseThrow(), LongNode.valueOf(0));
    }

    @Override
    Optional<PageRequest> advance(PageRequest current, FetchedPage page) {
      if (shortPage(page)) {
        return Optional.empty();
      }
      return Optional.of(with(current, config.param().orElseThrow(), LongNode.valueOf(recordsRead)));
    }

    @Override
    void savePosition(Map<String, String> position) {
      position.put("offset", Long.toString(recordsRead));
    }

    @Override
    Optional<PageRequest> restore(PageRequest first, Map<String, String> position) {
      return number(position, "offset").map(offset -> with(first, config.param().orElseThrow(),
          LongNode.valueOf(offset)));
    }
  }
}
