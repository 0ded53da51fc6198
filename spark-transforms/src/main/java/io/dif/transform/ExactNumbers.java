package io.dif.transform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;

/**
 * JSON numbers kept exact. Spark's JSON parser reads a number into a string field through a
 * double ({@code 123456789012345678.1234} becomes {@code 123456789012345680}), so JSON is
 * copied with every number written as a string of its text as sent; the typing then reads
 * the exact text. Whole pages are copied only when they hold a number a double cannot carry
 * (found by a scan of the bytes, far cheaper than the parse).
 */
final class ExactNumbers {
  /** Significant digits a double carries exactly through its shortest text. */
  private static final int DOUBLE_DIGITS = 15;
  private static final JsonFactory JSON = new JsonFactory();

  private ExactNumbers() {}

  /**
   * Whether the UTF-8 JSON text may hold a number that a double would alter: a run of more
   * than 15 digits with a fraction or exponent, or an exponent of three digits. Runs inside
   * strings count too (the copy then changes nothing they hold).
   */
  static boolean needsCopy(byte[] text, int length) {
    int i = 0;
    while (i < length) {
      byte c = text[i];
      if (c < '0' || c > '9') {
        i++;
        continue;
      }
      int digits = 0;
      int exponentDigits = 0;
      boolean fraction = false;
      boolean exponent = false;
      while (i < length) {
        c = text[i];
        if (c >= '0' && c <= '9') {
          if (exponent) {
            exponentDigits++;
          } else {
            digits++;
          }
        } else if (c == '.') {
          fraction = true;
        } else if ((c == 'e' || c == 'E') && !exponent) {
          exponent = true;
        } else if (!((c == '+' || c == '-') && exponent)) {
          break;
        }
        i++;
      }
      if ((fraction || exponent) && digits > DOUBLE_DIGITS || exponentDigits >= 3) {
        return true;
      }
    }
    return false;
  }

  /** A UTF-8 JSON page with its numbers as strings; the page as it is when it is not JSON. */
  static byte[] copy(byte[] page, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + length / 8);
    try (JsonParser parser = JSON.createParser(page, 0, length);
        JsonGenerator generator = JSON.createGenerator(out)) {
      while (parser.nextToken() != null) {
        copyToken(parser, generator);
      }
    } catch (IOException e) {
      return page; // not JSON: Spark's parser says so
    }
    return out.toByteArray();
  }

  /**
   * One JSON value as text with its numbers as strings.
   *
   * @throws IOException when the text is not one JSON value
   */
  static String copy(String value) throws IOException {
    StringWriter out = new StringWriter(value.length() + 16);
    try (JsonParser parser = JSON.createParser(value);
        JsonGenerator generator = JSON.createGenerator(out)) {
      if (parser.nextToken() == null) {
        throw new com.fasterxml.jackson.core.JsonParseException(parser, "no value");
      }
      copyValue(parser, generator);
      if (parser.nextToken() != null) {
        throw new com.fasterxml.jackson.core.JsonParseException(parser,
            "more than one value");
      }
    }
    return out.toString();
  }

  /** Copies the value at the parser's current token (and its children). */
  static void copyValue(JsonParser parser, JsonGenerator generator) throws IOException {
    int depth = 0;
    do {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        depth++;
      } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
        depth--;
      }
      copyToken(parser, generator);
    } while (depth > 0 && parser.nextToken() != null);
    if (depth > 0) {
      throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected end");
    }
  }

  private static void copyToken(JsonParser parser, JsonGenerator generator) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      generator.writeString(parser.getText());
    } else if (token == JsonToken.FIELD_NAME) {
      generator.writeFieldName(new SerializedString(parser.currentName()));
    } else {
      generator.copyCurrentEvent(parser);
    }
  }
}
