package io.dif.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code dif status} says, section by section: printed as titled tables and lines for
 * people, or as one JSON object for machines ({@code --json}: each table a list of objects).
 */
final class StatusReport {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);
  private final PrintStream out;
  private final boolean json;
  private final Map<String, Object> sections = new LinkedHashMap<>();

  StatusReport(PrintStream out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /** A titled table; an empty one is left out of the text output. */
  void table(String key, String title, TextTable table) {
    if (json) {
      sections.put(key, table.records());
    } else if (!table.isEmpty()) {
      if (title != null) {
        out.println(title);
      }
      table.print(out);
      out.println();
    }
  }

  /** A single value: a line of text, or a field of the JSON object. */
  void value(String key, String line, Object value) {
    if (json) {
      sections.put(key, value);
    } else {
      out.println(line);
    }
  }

  /** Prints the JSON object (text was printed as it came). */
  void finish() {
    if (json) {
      try {
        out.println(JSON.writeValueAsString(sections));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
