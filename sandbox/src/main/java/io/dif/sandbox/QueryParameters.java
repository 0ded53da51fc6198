package io.dif.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The query string of a request; the first value wins when a name repeats. */
final class QueryParameters {

  private final Map<String, String> values;

  private QueryParameters(Map<String, String> values) {
    this.values = values;
  }

  /** Parses a raw (still percent-encoded) query, as {@code URI.getRawQuery()} returns it. */
  static QueryParameters parse(String rawQuery) {
    Map<String, String> values = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return new QueryParameters(values);
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      values.putIfAbsent(decode(name), decode(value));
    }
    return new QueryParameters(values);
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEscape) {
      throw GraphApiError.invalidParameter(
          "(#100) Cannot decode query parameter: bad percent escape: \"" + text + "\"");
    }
  }
}
