package io.dif.transform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The top-level fields of the first record of a JSON page, or of one JSON record: the sample
 * the quality report's unknown fields come from (schema drift). Streams from the start of the
 * text and stops after the first record, so it costs nothing next to the parse of the page;
 * a text cut short (the caller passes only the first 64 KiB) gives the fields seen so far.
 */
final class FirstRecordFields {
  /** Separates the fields in the returned text (a JSON key never holds it in practice). */
  static final String SEPARATOR = "\u0000";
  /** How much of a page is looked at (characters of a record, bytes of a page). */
  static final int PREFIX_CHARS = 65_536;

  private static final JsonFactory JSON = new JsonFactory();

  private FirstRecordFields() {}

  /**
   * @param path the field names to the records array; null when the text is the record
   *     itself, empty when the text is the array of records
   * @return the fields joined with {@link #SEPARATOR}; empty when none can be found
   */
  static String of(String text, List<String> path) {
    if (text == null) {
      return null;
    }
    try (JsonParser parser = JSON.createParser(text)) {
      return of(parser, path);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The same from the first bytes of a UTF-8 text (which may end inside a character: the
   * fields before it are kept), so that a page's prefix is taken without counting the
   * characters of the whole page.
   */
  static String of(byte[] utf8, List<String> path) {
    if (utf8 == null) {
      return null;
    }
    try (JsonParser parser = JSON.createParser(utf8)) {
      return of(parser, path);
    } catch (IOException e) {
      return "";
    }
  }

  private static String of(JsonParser parser, List<String> path) {
    Set<String> fields = new LinkedHashSet<>();
    try {
      if (path != null) {
        if (!descend(parser, path) || parser.nextToken() != JsonToken.START_ARRAY) {
          return "";
        }
      }
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return "";
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        fields.add(parser.currentName());
        parser.nextToken();
        parser.skipChildren();
      }
    } catch (IOException e) {
      // cut short or not JSON: keep what was seen
    }
    return String.join(SEPARATOR, fields);
  }

  /** Moves to the value of the last field of the path (the parser then sits before it). */
  private static boolean descend(JsonParser parser, List<String> path) throws IOException {
    for (String name : path) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      boolean found = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        if (parser.currentName().equals(name)) {
          found = true;
          break;
        }
        parser.nextToken();
        parser.skipChildren();
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  static List<String> split(String joined) {
    List<String> fields = new ArrayList<>();
    if (joined != null && !joined.isEmpty()) {
      fields.addAll(List.of(joined.split(SEPARATOR)));
    }
    return fields;
  }
}
