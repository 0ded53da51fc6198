package io.dif.transform;

import static io.dif.transform.TransformColumns.DT;
import static io.dif.transform.TransformColumns.FIELDS;
import static io.dif.transform.TransformColumns.PAGE;
import static io.dif.transform.TransformColumns.PAGE_PROBLEM;
import static io.dif.transform.TransformColumns.POSITION;
import static io.dif.transform.TransformColumns.REASON;
import static io.dif.transform.TransformColumns.RECORD;
import static io.dif.transform.TransformColumns.RUN;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import io.dif.core.config.ColumnConfig;
import io.dif.core.config.ColumnType;
import io.dif.core.config.TextCase;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns record JSON text into the dataset's typed columns and the reasons a row is quarantined,
 * with Spark SQL expressions only (no per-row UDF).
 *
 * <ul>
 *   <li>Cleaning: every value is trimmed; an empty string is a missing value (null).
 *   <li>Typing: {@code try_cast}, which yields null instead of failing whatever
 *       {@code spark.sql.ansi.enabled} says (and {@code try_to_timestamp} for dates and
 *       timestamps with a {@code format}). Strings that Spark's cast would bend are checked
 *       first: a date must be {@code yyyy-MM-dd}; a timestamp ISO-8601 (date, or date and time
 *       with an optional zone: {@code Z}, {@code +hh:mm}, {@code +hhmm}, {@code +hh}); without a
 *       zone it is read in the column's {@code time_zone} (UTC by default), whatever the
 *       session time zone. Integers do not accept
 *       fractions ("12.5" is not an int). A decimal is never rounded: a value with more
 *       decimal places than its scale (other than zeros) is quarantined.
 *   <li>Validation: {@code column <name>: required value is missing} and
 *       {@code column <name>: cannot convert "<value>" to <type>}, joined with "; ". A record
 *       that is not a JSON object, or a page that cannot be read, has that single reason.
 * </ul>
 */
final class ColumnTyping {
  private static final String DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
  private static final String TIME = "[T ][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?";
  private static final String ZONE = "(Z|[+-][0-9]{2}(:?[0-9]{2})?)";
  static final String NOT_AN_OBJECT = "record is not a JSON object";

  private final List<ColumnConfig> columns;
  private final StructType recordSchema;
  /** The attribute prefix when records are XML elements; empty when they are JSON objects. */
  private final Optional<String> xmlAttributePrefix;

  /** Values that mean a missing value besides the empty string, compared after trimming. */
  private final List<String> nullTokens;

  ColumnTyping(List<ColumnConfig> columns, StructType recordSchema) {
    this(columns, List.of(), recordSchema, Optional.empty());
  }

  ColumnTyping(List<ColumnConfig> columns, List<String> nullTokens, StructType recordSchema,
      Optional<String> xmlAttributePrefix) {
    this.columns = List.copyOf(columns);
    this.nullTokens = List.copyOf(nullTokens);
    this.recordSchema = recordSchema;
    this.xmlAttributePrefix = xmlAttributePrefix;
  }

  /**
   * From rows {@code _dt, _run, _page, _position, _record, _page_problem} to rows
   * {@code _dt, _run, _page, _position, _record, <dataset columns, typed>, _reason}.
   */
  Dataset<Row> apply(Dataset<Row> records) {
    List<String> inputColumns = List.of(records.columns());
    boolean fastPath = inputColumns.contains(TransformColumns.PARSED);
    List<Column> passed = new ArrayList<>();
    for (String extra : List.of(TransformColumns.PAGE_INDEX, TransformColumns.SAMPLED_FIELDS)) {
      if (inputColumns.contains(extra)) {
        passed.add(col(extra));
      }
    }
    Column fields = fastPath
        ? when(col(TransformColumns.PARSED), col(FIELDS)).otherwise(parsedRecord())
        : parsedRecord();
    Column textNotObject = xmlAttributePrefix.isPresent()
        ? col(RECORD).isNull()
        : col(RECORD).isNull().or(not(col(RECORD).startsWith("{")));
    Column notObject = fastPath
        ? when(col(TransformColumns.PARSED), col(FIELDS).isNull()).otherwise(textNotObject)
        : textNotObject;

    List<Column> cleaned = base();
    cleaned.addAll(passed);
    cleaned.add(col(PAGE_PROBLEM));
    cleaned.add(notObject.as(TransformColumns.NOT_OBJECT));
    for (int i = 0; i < columns.size(); i++) {
      ColumnConfig column = columns.get(i);
      Column raw = column.fromContext().isPresent()
          ? col(TransformColumns.context(column.fromContext().get()))
          : RecordSchemas.sourceField(col(FIELDS), column);
      Column trimmed = prepared(column, trim(raw));
      Column present = trimmed.notEqual(lit(""));
      if (!nullTokens.isEmpty()) {
        present = present.and(not(trimmed.isin(nullTokens.toArray())));
      }
      cleaned.add(divided(column, normalized(column, when(present, trimmed)))
          .as(TransformColumns.value(i)));
    }

    List<Column> typed = base();
    typed.addAll(passed);
    typed.add(col(PAGE_PROBLEM));
    typed.add(col(TransformColumns.NOT_OBJECT));
    for (int i = 0; i < columns.size(); i++) {
      typed.add(col(TransformColumns.value(i)));
      typed.add(typedValue(TransformColumns.value(i), columns.get(i))
          .as(columns.get(i).name()));
    }

    List<Column> checked = base();
    checked.addAll(passed);
    columns.forEach(column -> checked.add(col(column.name())));
    checked.add(reason().as(REASON));
    // for the quarantine (unused columns cost nothing: Spark prunes them)
    for (int i = 0; i < columns.size(); i++) {
      checked.add(col(TransformColumns.value(i)));
    }
    checked.add(col(PAGE_PROBLEM));
    checked.add(col(TransformColumns.NOT_OBJECT));

    return records
        .withColumn(FIELDS, fields)
        .select(cleaned.toArray(Column[]::new))
        .select(typed.toArray(Column[]::new))
        .select(checked.toArray(Column[]::new));
  }

  /** The record text parsed into the record schema: JSON, or XML with spark-xml. */
  private Column parsedRecord() {
    if (xmlAttributePrefix.isEmpty()) {
      return from_json(col(RECORD), recordSchema, Map.of("mode", "PERMISSIVE"));
    }
    scala.collection.immutable.Map<String, String> options =
        scala.collection.immutable.Map$.MODULE$.<String, String>empty()
            .updated("mode", "PERMISSIVE")
            .updated("attributePrefix", xmlAttributePrefix.get())
            .updated("valueTag", "_VALUE");
    return com.databricks.spark.xml.functions.from_xml(col(RECORD), recordSchema, options);
  }

  /**
   * A cleaned value normalized as its column says: text case; for numbers, a currency symbol
   * or code removed and the decimal separator made '.', grouping characters removed.
   */
  private static Column normalized(ColumnConfig column, Column value) {
    Column normalized = value;
    if (column.textCase().isPresent()) {
      normalized = column.textCase().get() == TextCase.LOWER ? lower(normalized)
          : upper(normalized);
    }
    if (column.stripCurrency()) {
      normalized = trim(regexp_replace(normalized,
          "^(?:\\p{Sc}|[A-Z]{3}(?![0-9A-Z]))\\s*|\\s*(?:\\p{Sc}|(?<![0-9A-Z])[A-Z]{3})$", ""));
    }
    if (column.decimalSeparator().isPresent()) {
      boolean comma = ",".equals(column.decimalSeparator().get());
      normalized = regexp_replace(normalized, comma ? "[ .'\u00A0\u202F]" : "[ ,'\u00A0\u202F]", "");
      if (comma) {
        normalized = regexp_replace(normalized, ",", ".");
      }
    }
    return normalized;
  }

  /**
   * A trimmed value prepared as its column says, before the missing-value check: mapped
   * ({@code map_values}), then its prefix, suffix and pattern removed, then trimmed again.
   */
  private static Column prepared(ColumnConfig column, Column trimmed) {
    Column value = trimmed;
    if (!column.mapValues().isEmpty()) {
      Column mapped = null;
      for (Map.Entry<String, String> entry : column.mapValues().entrySet()) {
        Column to = lit(entry.getValue() == null ? "" : entry.getValue());
        mapped = mapped == null ? when(value.equalTo(lit(entry.getKey().trim())), to)
            : mapped.when(value.equalTo(lit(entry.getKey().trim())), to);
      }
      value = mapped.otherwise(value);
    }
    boolean stripped = false;
    if (column.stripPrefix().isPresent()) {
      value = regexp_replace(value, "^" + Pattern.quote(column.stripPrefix().get()), "");
      stripped = true;
    }
    if (column.stripSuffix().isPresent()) {
      value = regexp_replace(value, Pattern.quote(column.stripSuffix().get()) + "$", "");
      stripped = true;
    }
    if (column.stripPattern().isPresent()) {
      value = regexp_replace(value, column.stripPattern().get(), "");
      stripped = true;
    }
    return stripped ? trim(value) : value;
  }

  /** A normalized number value divided exactly by the column's {@code divide_by}. */
  private static Column divided(ColumnConfig column, Column value) {
    if (column.divideBy().isEmpty()) {
      return value;
    }
    BigDecimal divisor = new BigDecimal(column.divideBy().get());
    return udf((UDF1<String, String>) text -> divide(text, divisor), DataTypes.StringType)
        .apply(value);
  }

  /** The quotient as plain text, exact when it terminates; the text as it is when not a number. */
  static String divide(String text, BigDecimal divisor) {
    if (text == null) {
      return null;
    }
    try {
      BigDecimal quotient;
      try {
        quotient = new BigDecimal(text).divide(divisor);
      } catch (ArithmeticException e) {
        quotient = new BigDecimal(text).divide(divisor, MathContext.DECIMAL128);
      }
      return quotient.stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return text;
    }
  }

  private static List<Column> base() {
    return new ArrayList<>(List.of(col(DT), col(RUN), col(PAGE), col(POSITION), col(RECORD)));
  }

  /** The reason a row is quarantined, or null when it is good. */
  private Column reason() {
    List<Column> problems = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      ColumnConfig column = columns.get(i);
      Column value = col(TransformColumns.value(i));
      // a personal-data value is never quoted: reasons reach quarantine and the report
      Column shown = column.anonymize().isPresent() ? lit("…") : value;
      if (column.required()) {
        problems.add(when(value.isNull(),
            lit("column " + column.name() + ": required value is missing")));
      }
      if (column.type().kind() != ColumnType.Kind.STRING) {
        problems.add(when(value.isNotNull().and(col(column.name()).isNull()),
            concat(lit("column " + column.name() + ": cannot convert \""), shown,
                lit("\" to " + column.type() + column.format()
                    .map(format -> " with format \"" + format + "\"").orElse("")))));
      }
      problems.addAll(valueRules(column, value, shown, col(column.name())));
    }
    Column columnProblems = problems.isEmpty()
        ? lit(null).cast("string")
        : concat_ws("; ", problems.toArray(Column[]::new));
    Column recordProblem = when(col(TransformColumns.NOT_OBJECT), lit(NOT_AN_OBJECT));
    Column reason = coalesce(col(PAGE_PROBLEM), recordProblem, columnProblems);
    return when(reason.notEqual(lit("")), reason);
  }

  /** Range, pattern and allowed values: checked on values that are present and typed. */
  private static List<Column> valueRules(ColumnConfig column, Column text, Column shown,
      Column typed) {
    List<Column> problems = new ArrayList<>();
    String name = "column " + column.name() + ": ";
    String sqlType = switch (column.type().kind()) {
      case DECIMAL -> "decimal(" + column.type().precision() + "," + column.type().scale() + ")";
      case LONG -> "bigint";
      default -> column.type().toString();
    };
    if (column.type().kind() == ColumnType.Kind.DECIMAL) {
      // a value is never rounded: more decimal places than the scale keeps is a problem
      int scale = column.type().scale();
      problems.add(when(typed.isNotNull().and(text.rlike(
              "^[+-]?[0-9]*[.][0-9]{" + scale + "}[0-9]*[1-9]")),
          concat(lit(name + "\""), shown, lit("\" has more decimal places than "
              + column.type() + " keeps"))));
    }
    column.min().ifPresent(min -> problems.add(when(typed.lt(lit(min).cast(sqlType)),
        concat(lit(name), shown, lit(" is below the minimum " + min)))));
    column.max().ifPresent(max -> problems.add(when(typed.gt(lit(max).cast(sqlType)),
        concat(lit(name), shown, lit(" is above the maximum " + max)))));
    column.pattern().ifPresent(pattern -> problems.add(when(typed.isNotNull()
            .and(not(text.rlike("^(?:" + pattern + ")$"))),
        concat(lit(name + "\""), shown, lit("\" does not match " + pattern)))));
    if (!column.allowed().isEmpty()) {
      problems.add(when(typed.isNotNull().and(not(text.isin(column.allowed().toArray()))),
          concat(lit(name + "\""), shown,
              lit("\" is not one of " + String.join(", ", column.allowed())))));
    }
    return problems;
  }

  /**
   * A column's value in its type, null when the text does not convert. Dates and timestamps
   * with a {@code format} are parsed with it; a timestamp without an offset (in its text or in
   * its format) is a wall-clock time in the column's {@code time_zone}, stored as its instant.
   */
  static Column typedValue(String valueColumn, ColumnConfig column) {
    ColumnType type = column.type();
    Optional<String> format = column.format();
    if (format.isPresent() && (type.kind() == ColumnType.Kind.DATE
        || type.kind() == ColumnType.Kind.TIMESTAMP)) {
      Column value = col(valueColumn);
      boolean zoned = DatetimePatterns.hasOffset(format.get());
      // without an offset in the pattern, the text is read as UTC wall-clock time (appending
      // the offset keeps the parse independent of the session time zone), then moved
      Column instant = zoned
          ? try_to_timestamp(value, lit(format.get()))
          : try_to_timestamp(concat(value, lit("|+0000")), lit(format.get() + "'|'xx"));
      if (type.kind() == ColumnType.Kind.DATE) {
        // the UTC day of the UTC-read wall-clock time, whatever the session time zone
        return date_from_unix_date(floor(unix_seconds(instant).divide(86_400)).cast("int"));
      }
      return zoned ? instant : inZone(instant, column.timeZone());
    }
    if (type.kind() == ColumnType.Kind.TIMESTAMP) {
      String value = "`" + valueColumn + "`";
      String full = fullTimestamp(value);
      return when(expr(full + " RLIKE '^" + DATE + TIME + ZONE + "$'"),
              expr(tryCast(full, "TIMESTAMP")))
          .when(expr(full + " RLIKE '^" + DATE + TIME + "$'"),
              inZone(expr(tryCast("concat(" + full + ", 'Z')", "TIMESTAMP")),
                  column.timeZone()));
    }
    return expr(typedExpression(valueColumn, type));
  }

  /** A UTC-read wall-clock time as the instant it names in a time zone. */
  private static Column inZone(Column utcWallClock, String timeZone) {
    return "UTC".equals(timeZone) ? utcWallClock : to_utc_timestamp(utcWallClock, timeZone);
  }

  /** A SQL expression of a value in its type, null when the text does not convert. */
  private static String typedExpression(String valueColumn, ColumnType type) {
    String value = "`" + valueColumn + "`";
    return switch (type.kind()) {
      case STRING -> value;
      case INT -> tryCast(value, "INT");
      case LONG -> tryCast(value, "BIGINT");
      case DOUBLE -> tryCast(value, "DOUBLE");
      case BOOLEAN -> tryCast(value, "BOOLEAN");
      case DECIMAL -> tryCast(value, "DECIMAL(" + type.precision() + "," + type.scale() + ")");
      case DATE -> "CASE WHEN " + value + " RLIKE '^" + DATE + "$' THEN "
          + tryCast(value, "DATE") + " END";
      case TIMESTAMP -> throw new IllegalArgumentException("timestamps depend on the column's"
          + " time zone: see typedValue");
    };
  }

  /**
   * The value with the parts ISO-8601 lets out and Spark's cast needs: a date alone gets
   * {@code T00:00:00}, a time without seconds gets {@code :00} (Spark reads no zone after
   * {@code HH:mm}).
   */
  private static String fullTimestamp(String value) {
    return "CASE WHEN " + value + " RLIKE '^" + DATE + "$' THEN concat(" + value
        + ", 'T00:00:00') ELSE regexp_replace(" + value + ", '^(" + DATE
        + "[T ][0-9]{2}:[0-9]{2})(?=$|Z|[+-])', '$1:00') END";
  }

  private static String tryCast(String expression, String sqlType) {
    return "try_cast(" + expression + " AS " + sqlType + ")";
  }
}
