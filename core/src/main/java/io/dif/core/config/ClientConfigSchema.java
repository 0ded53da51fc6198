package io.dif.core.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON Schema (draft 2020-12) of client config files, generated from the same record
 * definitions the loader binds, so editors validate and complete YAML exactly as DIF reads it.
 */
public final class ClientConfigSchema {
  /** Where the committed schema lives, relative to the repository root. */
  public static final String COMMITTED_PATH = "conf/client-config.schema.json";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final Map<String, ObjectNode> definitions = new TreeMap<>();

  private ClientConfigSchema() {}

  /** The schema as pretty-printed JSON text ending in a newline. */
  public static String generate() {
    ClientConfigSchema schema = new ClientConfigSchema();
    ObjectNode root = JSON.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", "https://dif.io/schema/client-config.schema.json");
    root.put("title", "DIF client config");
    ObjectNode body = schema.recordSchema(ClientConfig.class);
    root.setAll(body);
    ObjectNode defs = root.putObject("$defs");
    schema.definitions.forEach(defs::set);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private ObjectNode recordSchema(Class<?> type) {
    ObjectNode schema = JSON.objectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = JSON.arrayNode();
    for (RecordComponent component : type.getRecordComponents()) {
      ConfigField field = component.getAnnotation(ConfigField.class);
      String key = ConfigNames.yamlKey(component.getName());
      ObjectNode property = typeSchema(component.getGenericType());
      property.put("description", field.description());
      if (!field.pattern().isEmpty()) {
        property.put("pattern", "^(?:" + field.pattern() + ")$");
      }
      if (field.min() != Long.MIN_VALUE) {
        property.put("minimum", field.min());
      }
      if (field.max() != Long.MAX_VALUE) {
        property.put("maximum", field.max());
      }
      if (!field.defaultValue().isEmpty()) {
        putDefault(property, field.defaultValue());
      }
      if (field.required()) {
        required.add(key);
      }
      properties.set(key, property);
    }
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    schema.put("additionalProperties", false);
    return schema;
  }

  private static void putDefault(ObjectNode property, String value) {
    String type = property.path("type").asText();
    switch (type) {
      case "integer" -> property.put("default", Long.parseLong(value));
      case "number" -> property.put("default", Double.parseDouble(value));
      case "boolean" -> property.put("default", Boolean.parseBoolean(value));
      default -> property.put("default", value);
    }
  }

  private ObjectNode typeSchema(Type type) {
    Class<?> raw = ConfigBinder.rawClass(type);
    ObjectNode schema = JSON.objectNode();
    if (raw == Optional.class) {
      return typeSchema(ConfigBinder.typeArgument(type, 0));
    }
    if (raw.isRecord() && !raw.isAnnotationPresent(ConfigScalar.class)) {
      String name = raw.getSimpleName();
      if (!definitions.containsKey(name)) {
        definitions.put(name, JSON.objectNode());
        definitions.put(name, recordSchema(raw));
      }
      schema.put("$ref", "#/$defs/" + name);
      return schema;
    }
    if (raw == List.class) {
      schema.put("type", "array");
      // The loader reads a plain YAML number in a list of text as its text (body_codes: [4]).
      schema.set("items", ConfigBinder.typeArgument(type, 0) == String.class
          ? JSON.objectNode().set("type", JSON.arrayNode().add("string").add("number"))
          : typeSchema(ConfigBinder.typeArgument(type, 0)));
      return schema;
    }
    if (raw == Map.class) {
      schema.put("type", "object");
      Type valueType = ConfigBinder.typeArgument(type, 1);
      // Query and header values may be written as plain YAML numbers or booleans.
      schema.set("additionalProperties", valueType == String.class
          ? JSON.objectNode().set("type", JSON.arrayNode().add("string").add("number")
              .add("boolean"))
          : typeSchema(valueType));
      return schema;
    }
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      schema.put("type", "integer");
    } else if (raw == double.class || raw == Double.class) {
      schema.put("type", "number");
    } else if (raw == boolean.class || raw == Boolean.class) {
      schema.put("type", "boolean");
    } else if (raw.isEnum()) {
      schema.put("type", "string");
      ArrayNode values = schema.putArray("enum");
      for (Object constant : raw.getEnumConstants()) {
        values.add(ConfigNames.yamlEnumValue((Enum<?>) constant));
      }
    } else if (raw == LocalDate.class) {
      schema.put("type", "string");
      schema.put("format", "date");
    } else if (raw == Period.class || raw == Duration.class) {
      schema.put("type", "string");
      schema.put("format", "duration");
    } else if (raw.isAnnotationPresent(ConfigScalar.class)) {
      schema.put("type", "string");
      schema.put("pattern", "^(?:" + raw.getAnnotation(ConfigScalar.class).pattern() + ")$");
    } else {
      schema.put("type", "string");
    }
    return schema;
  }
}
