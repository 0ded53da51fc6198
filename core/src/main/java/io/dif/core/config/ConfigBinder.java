package io.dif.core.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds a YAML node tree to immutable config records, driven by the records' {@link ConfigField}
 * annotations. It never stops at the first problem: every problem is collected with its path and
 * line, and the caller reports them together.
 */
final class ConfigBinder {
  private static final MappingNode EMPTY_MAPPING =
      new MappingNode(Tag.MAP, List.of(), org.yaml.snakeyaml.DumperOptions.FlowStyle.AUTO);
  private final String file;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Map<String, Integer> lines = new HashMap<>();

  ConfigBinder(String file) {
    this.file = file;
  }

  List<ConfigProblem> problems() {
    return problems;
  }

  /** Line of each bound path, so later rules can point at the right line too. */
  Map<String, Integer> lines() {
    return lines;
  }

  <T> T bindRoot(Class<T> type, Node root) {
    Object value = bind(type, root, "", null);
    return type.cast(value);
  }

  private Object bind(Type type, Node node, String path, ConfigField field) {
    lines.put(path, line(node));
    Class<?> raw = rawClass(type);
    if (raw == Optional.class) {
      return Optional.ofNullable(bind(typeArgument(type, 0), node, path, field));
    }
    if (raw.isRecord() && !raw.isAnnotationPresent(ConfigScalar.class)) {
      return bindRecord(raw, node, path);
    }
    if (raw == List.class) {
      return bindList(typeArgument(type, 0), node, path);
    }
    if (raw == Map.class) {
      return bindMap(typeArgument(type, 1), node, path);
    }
    return bindScalar(raw, node, path, field);
  }

  private Object bindRecord(Class<?> type, Node node, String path) {
    if (!(node instanceof MappingNode mapping)) {
      report(path, node, "must be a mapping of keys to values");
      return null;
    }
    RecordComponent[] components = type.getRecordComponents();
    Map<String, RecordComponent> byKey = new LinkedHashMap<>();
    for (RecordComponent component : components) {
      byKey.put(ConfigNames.yamlKey(component.getName()), component);
    }
    Map<String, Node> given = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = keyOf(tuple, path);
      if (key == null) {
        continue;
      }
      String keyPath = ConfigNames.child(path, key);
      if (!byKey.containsKey(key)) {
        report(keyPath, tuple.getKeyNode(),
            "unknown key; allowed keys here are " + byKey.keySet(), "");
      } else if (given.put(key, tuple.getValueNode()) != null) {
        report(keyPath, tuple.getKeyNode(), "key is given twice", "");
      }
    }
    Object[] arguments = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      String key = ConfigNames.yamlKey(component.getName());
      Object value = bindComponent(component, given.get(key), ConfigNames.child(path, key), node);
      // A value with a problem is left out (null, or zero for a primitive) so binding goes on:
      // the record is still built, and cross-key rules can look at the rest of the file.
      arguments[i] = value != null ? value : placeholder(component.getType());
    }
    return construct(type, components, arguments);
  }

  private static Object placeholder(Class<?> type) {
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == double.class) {
      return 0.0;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == Optional.class) {
      return Optional.empty();
    }
    if (type == List.class) {
      return List.of();
    }
    if (type == Map.class) {
      return Map.of();
    }
    return null;
  }

  private Object bindComponent(RecordComponent component, Node value, String path, Node parent) {
    ConfigField field = component.getAnnotation(ConfigField.class);
    if (field == null) {
      throw new IllegalStateException("Config component without @ConfigField: " + path);
    }
    Type type = component.getGenericType();
    if (value == null || isNull(value)) {
      if (field.required()) {
        report(path, value == null ? parent : value, "is required: " + field.description(), "");
        return null;
      }
      if (!field.defaultValue().isEmpty()) {
        return bind(type, new ScalarNode(Tag.STR, field.defaultValue(), null, null,
            org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN), path, field);
      }
      if (rawClass(type).isRecord() && !rawClass(type).isAnnotationPresent(ConfigScalar.class)) {
        return bindRecord(rawClass(type), EMPTY_MAPPING, path);
      }
      return emptyValue(rawClass(type), path);
    }
    return bind(type, value, path, field);
  }

  private Object emptyValue(Class<?> raw, String path) {
    if (raw == Optional.class) {
      return Optional.empty();
    }
    if (raw == List.class) {
      return List.of();
    }
    if (raw == Map.class) {
      return Map.of();
    }
    if (raw == boolean.class) {
      return false;
    }
    throw new IllegalStateException("Optional config key without default or Optional type: " + path);
  }

  private List<Object> bindList(Type elementType, Node node, String path) {
    if (!(node instanceof SequenceNode sequence)) {
      report(path, node, "must be a list");
      return null;
    }
    List<Object> values = new ArrayList<>();
    List<Node> items = sequence.getValue();
    for (int i = 0; i < items.size(); i++) {
      values.add(bind(elementType, items.get(i), path + "[" + i + "]", null));
    }
    return values.stream().filter(java.util.Objects::nonNull).toList();
  }

  private Map<String, Object> bindMap(Type valueType, Node node, String path) {
    if (!(node instanceof MappingNode mapping)) {
      report(path, node, "must be a mapping of names to values");
      return null;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = keyOf(tuple, path);
      if (key == null) {
        continue;
      }
      String keyPath = ConfigNames.child(path, key);
      if (values.containsKey(key)) {
        report(keyPath, tuple.getKeyNode(), "key is given twice", "");
        continue;
      }
      Object value = bind(valueType, tuple.getValueNode(), keyPath, null);
      if (value != null) {
        values.put(key, value);
      }
    }
    return java.util.Collections.unmodifiableMap(values);
  }

  private Object bindScalar(Class<?> type, Node node, String path, ConfigField field) {
    if (!(node instanceof ScalarNode scalar)) {
      report(path, node, "must be a single value (" + scalarKind(type) + "), not a "
          + (node instanceof MappingNode ? "mapping" : "list"));
      return null;
    }
    String text = scalar.getValue();
    try {
      Object value = parseScalar(type, text);
      checkBounds(value, field);
      return value;
    } catch (IllegalArgumentException | DateTimeException e) {
      report(path, node, e.getMessage(), quote(text));
      return null;
    }
  }

  private static Object parseScalar(Class<?> type, String text) {
    if (type == String.class) {
      return text;
    }
    if (type == int.class || type == Integer.class) {
      return (int) parseLong(text, "an integer", Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    if (type == long.class || type == Long.class) {
      return parseLong(text, "an integer", Long.MIN_VALUE, Long.MAX_VALUE);
    }
    if (type == double.class || type == Double.class) {
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a number");
      }
    }
    if (type == boolean.class || type == Boolean.class) {
      if (text.equals("true") || text.equals("false")) {
        return Boolean.parseBoolean(text);
      }
      throw new IllegalArgumentException("must be true or false");
    }
    if (type == LocalDate.class) {
      try {
        return LocalDate.parse(text);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("must be a date as yyyy-MM-dd");
      }
    }
    if (type == Period.class) {
      try {
        return Period.parse(text);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("must be an ISO-8601 period such as P1D or P1M");
      }
    }
    if (type == Duration.class) {
      try {
        return Duration.parse(text);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("must be an ISO-8601 duration such as PT30S");
      }
    }
    if (type.isEnum()) {
      for (Object constant : type.getEnumConstants()) {
        if (ConfigNames.yamlEnumValue((Enum<?>) constant).equals(text)) {
          return constant;
        }
      }
      throw new IllegalArgumentException("must be one of " + enumValues(type));
    }
    if (type.isAnnotationPresent(ConfigScalar.class)) {
      return invokeParse(type, text);
    }
    throw new IllegalStateException("Unsupported config type " + type.getName());
  }

  private static long parseLong(String text, String kind, long min, long max) {
    try {
      long value = Long.parseLong(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException("must be " + kind + " between " + min + " and " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be " + kind);
    }
  }

  private static void checkBounds(Object value, ConfigField field) {
    if (field == null) {
      return;
    }
    if (value instanceof Number number) {
      double n = number.doubleValue();
      if (n < field.min() || n > field.max()) {
        throw new IllegalArgumentException(bounds(field));
      }
    }
    if (value instanceof String text && !field.pattern().isEmpty()
        && !Pattern.compile(field.pattern()).matcher(text).matches()) {
      throw new IllegalArgumentException("must match " + field.pattern());
    }
  }

  private static String bounds(ConfigField field) {
    if (field.max() == Long.MAX_VALUE) {
      return "must be at least " + field.min();
    }
    if (field.min() == Long.MIN_VALUE) {
      return "must be at most " + field.max();
    }
    return "must be between " + field.min() + " and " + field.max();
  }

  private static Object invokeParse(Class<?> type, String text) {
    try {
      Method parse = type.getMethod("parse", String.class);
      return parse.invoke(null, text);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException invalid) {
        throw invalid;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type.getName() + " needs public static parse(String)", e);
    }
  }

  private Object construct(Class<?> type, RecordComponent[] components, Object[] arguments) {
    Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new);
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(types);
      return constructor.newInstance(arguments);
    } catch (InvocationTargetException e) {
      return null; // a record that checks its own values refused a left-out one
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot construct " + type.getName(), e);
    }
  }

  private String keyOf(NodeTuple tuple, String path) {
    if (tuple.getKeyNode() instanceof ScalarNode key) {
      return key.getValue();
    }
    report(path, tuple.getKeyNode(), "keys must be plain names");
    return null;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  static String enumValues(Class<?> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(c -> ConfigNames.yamlEnumValue((Enum<?>) c))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String scalarKind(Class<?> type) {
    if (type.isEnum()) {
      return "one of " + enumValues(type);
    }
    return type.getSimpleName().toLowerCase();
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }

  private void report(String path, Node node, String rule) {
    report(path, node, rule, node instanceof ScalarNode scalar ? quote(scalar.getValue()) : "");
  }

  private void report(String path, Node node, String rule, String value) {
    problems.add(new ConfigProblem(file, path, line(node), value, rule));
  }

  private static int line(Node node) {
    return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalStateException("Unsupported config type " + type);
  }

  static Type typeArgument(Type type, int index) {
    return ((ParameterizedType) type).getActualTypeArguments()[index];
  }
}
