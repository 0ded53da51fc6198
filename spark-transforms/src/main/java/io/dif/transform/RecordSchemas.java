package io.dif.transform;

import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.try_element_at;

import io.dif.core.config.ColumnConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The explicit schemas JSON pages are parsed with, built from the config (never inferred).
 *
 * <p>A page is parsed with the records array typed as {@code array<string>}: Spark then keeps
 * each record as its JSON text, which is what quarantine stores. Each record is parsed again
 * with the record schema: the columns' source fields, dotted sources as nested structs, every
 * leaf a string, so no value is lost to a type mismatch before {@link ColumnTyping} decides.
 */
final class RecordSchemas {
  /** The column Spark fills with the page text when a page does not fit the page schema. */
  static final String CORRUPT_RECORD = "_corrupt_record";
  /** The field a page is wrapped in when its records pointer is the whole document. */
  static final String ROOT_RECORDS = "records";

  private static final Pattern SEGMENT =
      Pattern.compile("([^.\\[\\]=]+)(?:\\[([^.\\[\\]=]+)=([^\\]]*)\\])?");

  private final String subject;

  /** @param subject what is being transformed, for messages: {@code client.dataset} */
  RecordSchemas(String subject) {
    this.subject = subject;
  }

  /**
   * The path of field names to the records array for a JSON pointer ({@code /data} is
   * {@code [data]}). The empty pointer (the page is the array) reads as {@code [records]}: such
   * pages are wrapped as {@code {"records": <page>}} before parsing, see
   * {@link #wrapsPage(String)}.
   */
  List<String> recordsPath(String pointer) {
    if (pointer.isEmpty()) {
      return List.of(ROOT_RECORDS);
    }
    if (!pointer.startsWith("/")) {
      throw problem("records pointer must start with '/'", pointer);
    }
    List<String> path = new ArrayList<>();
    for (String token : pointer.substring(1).split("/", -1)) {
      // RFC 6901 escapes: ~1 is '/', ~0 is '~'
      path.add(token.replace("~1", "/").replace("~0", "~"));
    }
    return path;
  }

  /** Whether pages of this pointer are a top-level array that must be wrapped in an object. */
  static boolean wrapsPage(String pointer) {
    return pointer.isEmpty();
  }

  /** The page schema: the records array as {@code array<string>}, plus the corrupt column. */
  StructType pageSchema(String pointer) {
    return pageSchema(pointer, DataTypes.StringType);
  }

  /**
   * The page schema with each record of the records array as {@code record} (a struct of the
   * source fields for the fast path, or a string), plus the corrupt column.
   */
  StructType pageSchema(String pointer, DataType record) {
    List<String> path = recordsPath(pointer);
    DataType type = DataTypes.createArrayType(record, true);
    for (int i = path.size() - 1; i >= 1; i--) {
      type = new StructType().add(path.get(i), type);
    }
    return new StructType()
        .add(path.get(0), type)
        .add(CORRUPT_RECORD, DataTypes.StringType);
  }

  /** The records array inside a parsed page column. */
  Column recordsArray(Column page, String pointer) {
    Column column = page;
    for (String field : recordsPath(pointer)) {
      column = column.getField(field);
    }
    return column;
  }

  /**
   * The record schema: one string leaf per distinct source field of the columns; a segment
   * that picks an array element by key ({@code actions[action_type=purchase]}) is an array of
   * structs holding the key field and the fields read from its elements.
   */
  StructType recordSchema(List<ColumnConfig> columns) {
    Node root = new Node();
    for (ColumnConfig column : columns) {
      if (column.fromContext().isPresent()) {
        continue; // from the page's request context, not the record
      }
      Node node = root;
      List<Segment> path = segments(column.sourceField());
      for (int i = 0; i < path.size(); i++) {
        Segment segment = path.get(i);
        boolean leaf = i == path.size() - 1;
        Node child = node.children.computeIfAbsent(segment.field(), name -> new Node());
        if (leaf ? !child.children.isEmpty() : child.leaf) {
          throw problem("source field is used both as a value and as an object",
              column.sourceField());
        }
        if (!child.children.isEmpty() && child.array != segment.picksElement()) {
          throw problem("source field is used both as an array and as an object",
              column.sourceField());
        }
        child.leaf |= leaf;
        child.array |= segment.picksElement();
        if (segment.picksElement()) {
          Node key = child.children.computeIfAbsent(segment.keyField(), name -> new Node());
          if (!key.children.isEmpty()) {
            throw problem("array key field is used both as a value and as an object",
                column.sourceField());
          }
          key.leaf = true;
        }
        node = child;
      }
    }
    return (StructType) root.type();
  }

  /**
   * The field of a column inside the parsed record column. An array element picked by key is
   * the first element whose key field equals the value exactly; null when there is none.
   */
  static Column sourceField(Column record, ColumnConfig column) {
    Column field = record;
    for (Segment segment : segments(column.sourceField())) {
      field = field.getField(segment.field());
      if (segment.picksElement()) {
        String keyField = segment.keyField();
        Column keyValue = lit(segment.keyValue());
        field = try_element_at(filter(field,
            (scala.Function1<Column, Column>) element -> element.getField(keyField)
                .equalTo(keyValue)), lit(1));
      }
    }
    return field;
  }

  /** The top-level field of the record a column is read from. */
  static String topLevelField(ColumnConfig column) {
    return segments(column.sourceField()).get(0).field();
  }

  /**
   * The segments of a source path ({@link ColumnConfig#SOURCE_PATH}, checked by the config
   * loader): a field name, and for an array of objects the key field and value that pick one
   * element (null when the segment picks none). The value may hold dots.
   */
  static List<Segment> segments(String source) {
    List<Segment> segments = new ArrayList<>();
    Matcher matcher = SEGMENT.matcher(source);
    int at = 0;
    while (at < source.length() && matcher.find(at) && matcher.start() == at) {
      segments.add(new Segment(matcher.group(1), matcher.group(2), matcher.group(3)));
      at = matcher.end();
      if (at < source.length() && source.charAt(at) == '.') {
        at++;
      }
    }
    if (at != source.length() || segments.isEmpty()) {
      throw new IllegalArgumentException("not a source path: " + source);
    }
    return segments;
  }

  /** One segment of a source path. */
  record Segment(String field, String keyField, String keyValue) {
    boolean picksElement() {
      return keyField != null;
    }
  }

  private ConfigurationException problem(String reason, String value) {
    return new ConfigurationException(ErrorCode.CONFIG_INVALID,
        "Cannot transform dataset " + subject + ": " + reason + ": " + value);
  }

  private static final class Node {
    final Map<String, Node> children = new LinkedHashMap<>();
    boolean leaf;
    /** An array of objects, one of which is picked by key. */
    boolean array;

    DataType type() {
      if (leaf) {
        return DataTypes.StringType;
      }
      List<StructField> fields = new ArrayList<>();
      children.forEach((name, child) ->
          fields.add(DataTypes.createStructField(name, child.type(), true)));
      StructType struct = DataTypes.createStructType(fields);
      return array ? DataTypes.createArrayType(struct, true) : struct;
    }
  }
}
