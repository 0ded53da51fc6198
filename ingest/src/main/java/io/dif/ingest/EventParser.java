package io.dif.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.config.PushLimitsConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the events of a body: a JSON object, a JSON array of objects, or JSON objects one per
 * line (NDJSON). Each event is kept as compact JSON. Errors give the position, never the
 * content; depth and string length are bounded while parsing.
 */
final class EventParser {
  private static final Set<String> JSON_TYPES = Set.of("application/json",
      "application/x-ndjson", "application/ndjson", "application/jsonl",
      "application/x-jsonlines", "application/json-lines", "text/plain",
      // what curl sends with --data-binary unless told otherwise
      "application/x-www-form-urlencoded");

  private final ObjectMapper json;

  EventParser(PushLimitsConfig limits) {
    JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints
        .builder().maxNestingDepth(limits.maxDepth()).maxStringLength(limits.maxStringLength())
        .build()).build();
    this.json = new ObjectMapper(factory);
  }

  /** Refuses a Content-Type that is not JSON or NDJSON (none at all is read as JSON). */
  static void checkContentType(Optional<String> contentType) {
    String type = contentType.map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
        .orElse("");
    if (!type.isEmpty() && !JSON_TYPES.contains(type) && !type.endsWith("+json")) {
      throw new ApiError(415, "Cannot accept the request: Content-Type " + type + " is not"
          + " JSON; send application/json (an object or an array) or application/x-ndjson");
    }
  }

  /** The events of the body, each as compact JSON text. */
  List<byte[]> parse(byte[] body) {
    List<byte[]> events = new ArrayList<>();
    try (JsonParser parser = json.getFactory().createParser(body)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.START_ARRAY) {
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            events.add(event(parser));
          }
        } else {
          events.add(event(parser));
        }
      }
    } catch (StreamConstraintsException e) {
      throw new ApiError(400, "Cannot read the events: " + constraint(e) + at(e.getLocation()));
    } catch (JsonProcessingException e) {
      throw new ApiError(400, "Cannot read the events: invalid JSON" + at(e.getLocation()));
    } catch (IOException e) {
      throw new ApiError(400, "Cannot read the events: " + e.getClass().getSimpleName());
    }
    if (events.isEmpty()) {
      throw new ApiError(400, "Cannot read the events: the body holds no event");
    }
    return events;
  }

  private byte[] event(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new ApiError(400, "Cannot read the events: an event must be a JSON object, found "
          + kind(parser.currentToken()) + at(parser.currentTokenLocation()));
    }
    JsonNode event = json.readTree(parser);
    return json.writeValueAsBytes(event);
  }

  private static String kind(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name().toLowerCase(Locale.ROOT);
    };
  }

  /** What limit was passed, in our words (Jackson's messages may quote content). */
  private static String constraint(StreamConstraintsException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("nesting depth")) {
      return "objects and arrays nested too deep";
    }
    if (message.contains("string")) {
      return "a string is too long";
    }
    if (message.contains("number")) {
      return "a number is too long";
    }
    return "a JSON limit was passed";
  }

  private static String at(JsonLocation location) {
    if (location == null) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr()
        + " (byte " + location.getByteOffset() + ")";
  }
}
