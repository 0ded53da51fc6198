package io.dif.extract.page;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what the extractor needs from a JSON page while it streams past: values at a few JSON
 * pointers (paging tokens, next links), the number of records, and the bound fields of each
 * record. Only one record is ever held in memory, so a page of any size scans in bounded memory.
 */
public final class PageScanner {
  private static final JsonFactory FACTORY = new ObjectMapper().getFactory();

  private final Set<String> pointers;
  private final JsonPointer records;
  private final Map<String, JsonPointer> recordFields;

  /**
   * @param pointers absolute pointers whose scalar values are wanted
   * @param records pointer of the records array
   * @param recordFields name to pointer relative to one record, for each record
   */
  public PageScanner(Set<String> pointers, String records, Map<String, String> recordFields) {
    this.pointers = Set.copyOf(pointers);
    this.records = JsonPointer.compile(records);
    this.recordFields = new LinkedHashMap<>();
    recordFields.forEach((name, pointer) -> this.recordFields.put(name, JsonPointer.compile(pointer)));
  }

  /** Scans the whole stream; the caller owns and closes {@code in}. */
  public PageSummary scan(InputStream in) throws IOException {
    Map<String, String> values = new HashMap<>();
    List<Map<String, String>> boundRecords = new ArrayList<>();
    long recordCount = 0;
    boolean recordsFound = false;
    try (JsonParser parser = FACTORY.createParser(in)) {
      parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME) {
          continue;
        }
        String pointer = pointerOf(parser, token);
        if (pointer.equals(records.toString()) && token == JsonToken.START_ARRAY) {
          recordsFound = true;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            recordCount++;
            if (recordFields.isEmpty()) {
              parser.skipChildren();
            } else {
              JsonNode record = parser.readValueAsTree();
              boundRecords.add(bind(record));
            }
          }
          continue;
        }
        if (token.isScalarValue()) {
          if (pointers.contains(pointer)) {
            values.put(pointer, parser.getValueAsString());
          }
        } else if (token.isStructStart() && !isPrefixOfWanted(pointer)) {
          parser.skipChildren();
        }
      }
    }
    return new PageSummary(values, recordsFound, recordCount, boundRecords);
  }

  /** The pointer of the value the current token starts. */
  private static String pointerOf(JsonParser parser, JsonToken token) {
    JsonStreamContext context = parser.getParsingContext();
    if (token.isStructStart()) {
      context = context.getParent();
    }
    return context.pathAsPointer().toString();
  }

  private boolean isPrefixOfWanted(String pointer) {
    if (records.toString().startsWith(pointer)) {
      return true;
    }
    for (String wanted : pointers) {
      if (wanted.startsWith(pointer)) {
        return true;
      }
    }
    return false;
  }

  private Map<String, String> bind(JsonNode record) {
    Map<String, String> bound = new LinkedHashMap<>();
    recordFields.forEach((name, pointer) -> {
      JsonNode value = record.at(pointer);
      bound.put(name, value.isMissingNode() || value.isNull() ? null : value.asText());
    });
    return bound;
  }
}
