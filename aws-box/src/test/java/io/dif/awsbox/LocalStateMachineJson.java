package io.dif.awsbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** JSON for the local state machine's stages file and input. */
final class LocalStateMachineJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalStateMachineJson() {}

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
