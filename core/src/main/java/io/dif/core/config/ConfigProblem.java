package io.dif.core.config;

/**
 * One thing wrong with a config file.
 *
 * @param file the file, as given by the user
 * @param path the dotted config path, e.g. {@code sources.meta.streams.insights.paginate.type}
 * @param line 1-based line of the offending node, or 0 when unknown
 * @param value the offending value as written, or empty when the key is missing
 * @param rule what the value should have been
 */
public record ConfigProblem(String file, String path, int line, String value, String rule) {

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(file);
    if (line > 0) {
      text.append(':').append(line);
    }
    text.append(": ").append(path.isEmpty() ? "(root)" : path).append(": ").append(rule);
    if (!value.isEmpty()) {
      text.append(" (found: ").append(value).append(')');
    }
    return text.toString();
  }
}
