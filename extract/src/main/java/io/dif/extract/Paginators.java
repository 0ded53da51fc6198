package io.dif.extract;

import io.dif.core.config.PaginateConfig;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.extract.page.PageSummary;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/** The paginators DIF offers, one per {@link io.dif.core.config.PaginationType}. */
final class Paginators {
  private Paginators() {}

  static Paginator start(PaginateConfig config, String streamName) {
    return switch (config.type()) {
      case NONE -> new Single();
      case CURSOR -> new Cursor(config, streamName);
      case NEXT_URL -> new NextUrl(config, streamName);
    };
  }

  private static Set<String> pointersOf(Optional<String> a, Optional<String> b) {
    return Stream.of(a, b).flatMap(Optional::stream).collect(Collectors.toUnmodifiableSet());
  }

  private static String shorten(String value) {
    return value.length() <= 24 ? value : value.substring(0, 21) + "...";
  }

  private static void checkPageLimit(PaginateConfig config, String stream, int pageNumber) {
    if (pageNumber >= config.maxPages()) {
      throw new DataException(ErrorCode.PAGINATION_LOOP, "Cannot page stream " + stream
          + ": more than paginate.max_pages (" + config.maxPages() + ") pages");
    }
  }

  private static final class Single implements Paginator {
    @Override
    public Set<String> pointers() {
      return Set.of();
    }

    @Override
    public Optional<HttpUrl> next(HttpUrl current, PageSummary page, int pageNumber) {
      return Optional.empty();
    }
  }

  private static final class Cursor implements Paginator {
    private final PaginateConfig config;
    private final String stream;
    private final Set<String> seen = new HashSet<>();

    Cursor(PaginateConfig config, String stream) {
      this.config = config;
      this.stream = stream;
    }

    @Override
    public Set<String> pointers() {
      return pointersOf(config.token(), config.untilMissing());
    }

    @Override
    public Optional<HttpUrl> next(HttpUrl current, PageSummary page, int pageNumber) {
      if (config.untilMissing().isPresent() && page.value(config.untilMissing().get()).isEmpty()) {
        return Optional.empty();
      }
      Optional<String> token = page.value(config.token().orElseThrow())
          .filter(t -> !t.isEmpty());
      if (token.isEmpty()) {
        return Optional.empty();
      }
      if (!seen.add(token.get())) {
        throw new DataException(ErrorCode.PAGINATION_LOOP, "Cannot page stream " + stream
            + ": cursor repeated after page " + pageNumber + ": \"" + shorten(token.get()) + "\"");
      }
      checkPageLimit(config, stream, pageNumber);
      return Optional.of(current.newBuilder()
          .setQueryParameter(config.param().orElseThrow(), token.get()).build());
    }
  }

  private static final class NextUrl implements Paginator {
    private final PaginateConfig config;
    private final String stream;
    private final Set<HttpUrl> seen = new HashSet<>();

    NextUrl(PaginateConfig config, String stream) {
      this.config = config;
      this.stream = stream;
    }

    @Override
    public Set<String> pointers() {
      return pointersOf(config.nextUrl(), config.untilMissing());
    }

    @Override
    public Optional<HttpUrl> next(HttpUrl current, PageSummary page, int pageNumber) {
      seen.add(current);
      Optional<String> link = page.value(config.nextUrl().orElseThrow()).filter(t -> !t.isEmpty());
      if (link.isEmpty()) {
        return Optional.empty();
      }
      HttpUrl next = current.resolve(link.get());
      if (next == null) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot page stream " + stream
            + ": next link of page " + pageNumber + " is not a URL");
      }
      if (seen.contains(next)) {
        throw new DataException(ErrorCode.PAGINATION_LOOP, "Cannot page stream " + stream
            + ": next link repeated after page " + pageNumber);
      }
      checkPageLimit(config, stream, pageNumber);
      return Optional.of(next);
    }
  }
}
