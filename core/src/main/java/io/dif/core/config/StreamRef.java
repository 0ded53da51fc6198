package io.dif.core.config;

/** A stream named by its source: {@code meta.insights}. */
@ConfigScalar(pattern = Names.IDENTIFIER + "\\." + Names.IDENTIFIER)
public record StreamRef(String source, String stream) {

  public static StreamRef parse(String text) {
    int dot = text.indexOf('.');
    if (dot < 0 || !text.matches(Names.IDENTIFIER + "\\." + Names.IDENTIFIER)) {
      throw new IllegalArgumentException("must name a stream as source.stream");
    }
    return new StreamRef(text.substring(0, dot), text.substring(dot + 1));
  }

  @Override
  public String toString() {
    return source + "." + stream;
  }
}
