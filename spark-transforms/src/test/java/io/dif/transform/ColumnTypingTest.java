package io.dif.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dif.core.config.ColumnConfig;
import io.dif.core.config.ColumnType;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ColumnTypingTest {
  private static final StructType READ = StructType.fromDDL("_dt date, _run string,"
      + " _page string, _position int, _record string, _page_problem string");

  private final SparkSession spark = TestingSpark.session();

  @Test
  void normalizesCaseDecimalSeparatorsAndCurrencies() {
    List<ColumnConfig> columns = List.of(
        normalizing("country", "string", Optional.of(io.dif.core.config.TextCase.UPPER),
            Optional.empty(), false),
        normalizing("eu_amount", "decimal(18,2)", Optional.empty(), Optional.of(","), true),
        normalizing("us_amount", "decimal(18,2)", Optional.empty(), Optional.of("."), true),
        normalizing("plain", "decimal(18,2)", Optional.empty(), Optional.empty(), false));

    List<Row> rows = typed(columns,
        "{\"country\": \" fr \", \"eu_amount\": \"€ 1.234,56\", \"us_amount\": \"USD 1,234.56\","
            + " \"plain\": \"1234.56\"}",
        "{\"country\": \"De\", \"eu_amount\": \"12,5 EUR\", \"us_amount\": \"$0.5\","
            + " \"plain\": \"1.234,56\"}");

    assertThat(rows).extracting(row -> row.get(0), row -> row.get(1), row -> row.get(2),
            row -> row.get(3), row -> row.get(4))
        .containsExactly(
            tuple("FR", new BigDecimal("1234.56"), new BigDecimal("1234.56"),
                new BigDecimal("1234.56"), null),
            // without a separator configured, "1.234,56" is not a number: quarantined
            tuple("DE", new BigDecimal("12.50"), new BigDecimal("0.50"), null,
                "column plain: cannot convert \"1.234,56\" to decimal(18,2)"));
  }

  private static ColumnConfig normalizing(String name, String type,
      Optional<io.dif.core.config.TextCase> textCase, Optional<String> separator,
      boolean stripCurrency) {
    return new ColumnConfig(name, ColumnType.parse(type), Optional.empty(), false,
        Optional.empty(), "UTC", Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
        textCase, separator, stripCurrency, Optional.empty());
  }

  @Test
  void typesCleanValues() {
    List<Row> rows = typed(allTypes(), """
        {"id": " a-1 ", "n_int": " 42 ", "n_long": "12345678901", "ratio": "1.5e3",\
         "flag": "true", "amount": "78.9100", "day": "2024-01-05",\
         "at": "2024-01-01T10:00:00+0000"}""");

    assertThat(rows).extracting(row -> row.get(0), row -> row.get(1), row -> row.get(2),
            row -> row.get(3), row -> row.get(4), row -> row.get(5), row -> row.get(6),
            row -> ((Timestamp) row.get(7)).toInstant().toString(), row -> row.get(8))
        .containsExactly(tuple("a-1", 42, 12345678901L, 1500.0, true, new BigDecimal("78.9100"),
            Date.valueOf("2024-01-05"), "2024-01-01T10:00:00Z", null));
  }

  @Test
  void givesEveryReasonOfARowInColumnOrder() {
    List<Row> rows = typed(allTypes(), """
        {"id": "", "n_int": "12.5", "n_long": "1,234", "ratio": "abc", "flag": "maybe",\
         "amount": "12abc", "day": "2024-02-30", "at": "yesterday"}""");

    assertThat(rows.get(0).getString(8)).isEqualTo("column id: required value is missing;"
        + " column n_int: cannot convert \"12.5\" to int;"
        + " column n_long: cannot convert \"1,234\" to long;"
        + " column ratio: cannot convert \"abc\" to double;"
        + " column flag: cannot convert \"maybe\" to boolean;"
        + " column amount: cannot convert \"12abc\" to decimal(18,4);"
        + " column day: cannot convert \"2024-02-30\" to date;"
        + " column at: cannot convert \"yesterday\" to timestamp");
    assertThat(rows.get(0).toSeq().take(8).toList().toString())
        .isEqualTo("List(null, null, null, null, null, null, null, null)");
  }

  @Test
  void treatsBlankAbsentAndNullValuesAsMissing() {
    List<Row> rows = typed(allTypes(),
        "{\"id\": \"   \", \"n_int\": \"\"}",
        "{\"id\": null}",
        "{}");

    assertThat(rows).extracting(row -> row.get(1), row -> row.getString(8))
        .containsExactly(
            tuple(null, "column id: required value is missing"),
            tuple(null, "column id: required value is missing"),
            tuple(null, "column id: required value is missing"));
  }

  @Test
  void convertsJsonNumbersAndNestedValues() {
    List<Row> rows = typed(List.of(
            column("n_long", "long", null, false),
            column("amount", "decimal(18,4)", null, false),
            column("ratio", "double", null, false),
            column("link_clicks", "int", "actions.link_click", false),
            column("targeting", "string", null, false)),
        "{\"n_long\": 12, \"amount\": 78.91, \"ratio\": 0.25,"
            + " \"actions\": {\"link_click\": \"3\"}, \"targeting\": {\"geo\": [\"FR\"]}}");

    assertThat(rows).extracting(row -> row.get(0), row -> row.get(1), row -> row.get(2),
            row -> row.get(3), row -> row.get(4), row -> row.get(5))
        .containsExactly(tuple(12L, new BigDecimal("78.9100"), 0.25, 3,
            "{\"geo\":[\"FR\"]}", null));
  }

  @Test
  void readsIsoTimestampsAsUtcWhateverTheSessionTimeZone() {
    SparkSession newYork = spark.newSession();
    newYork.conf().set("spark.sql.session.timeZone", "America/New_York");
    List<ColumnConfig> columns = List.of(column("at", "timestamp", null, false));
    String[] values = {"2024-01-01T10:00:00Z", "2024-01-01T12:00:00+02:00",
        "2024-01-01T12:00:00+0200", "2024-01-01T05:00:00-05", "2024-01-01 10:00:00",
        "2024-01-01T10:00:00.123456", "2024-01-01T10:00", "2024-01-01T11:00+01:00",
        "2024-01-01"};
    List<String> records = new ArrayList<>();
    for (String value : values) {
      records.add("{\"at\": \"" + value + "\"}");
    }

    List<Row> rows = typed(newYork, columns, records.toArray(String[]::new));

    assertThat(rows).extracting(row -> ((Timestamp) row.get(0)).toInstant().toString(),
            row -> row.get(1))
        .containsExactly(
            tuple("2024-01-01T10:00:00Z", null), tuple("2024-01-01T10:00:00Z", null),
            tuple("2024-01-01T10:00:00Z", null), tuple("2024-01-01T10:00:00Z", null),
            tuple("2024-01-01T10:00:00Z", null), tuple("2024-01-01T10:00:00.123456Z", null),
            tuple("2024-01-01T10:00:00Z", null), tuple("2024-01-01T10:00:00Z", null),
            tuple("2024-01-01T00:00:00Z", null));
  }

  @Test
  void readsFormattedValuesAndLocalTimesInTheColumnTimeZoneWhateverTheSessionTimeZone() {
    SparkSession newYork = spark.newSession();
    newYork.conf().set("spark.sql.session.timeZone", "America/New_York");
    List<ColumnConfig> columns = List.of(
        column("la", "timestamp", null, "M/d/yyyy h:mm:ss a", "America/Los_Angeles"),
        column("paris", "timestamp", null, null, "Europe/Paris"),
        column("offset", "timestamp", null, "yyyy-MM-dd HH:mm xx", "Europe/Paris"),
        column("day", "date", null, "dd.MM.yyyy", "UTC"),
        column("utc", "timestamp", null, "yyyy/MM/dd HH'h'mm", "UTC"));

    List<Row> rows = typed(newYork, columns,
        "{\"la\": \"1/5/2024 3:30:00 PM\", \"paris\": \"2024-01-05T12:00:00\","
            + " \"offset\": \"2024-01-05 10:00 +0200\", \"day\": \"05.01.2024\","
            + " \"utc\": \"2024/01/05 23h59\"}",
        "{\"la\": \"7/5/2024 3:30:00 PM\", \"paris\": \"2024-07-05T12:00:00Z\","
            + " \"offset\": \"2024-07-05 10:00 -0000\", \"day\": \"31.12.1969\","
            + " \"utc\": \"2024/07/05 00h00\"}",
        "{\"la\": \"2024-01-05T15:30:00\", \"paris\": \"2024-07-05T12:00:00\","
            + " \"offset\": \"2024-07-05 10:00\", \"day\": \"32.01.2024\"}");

    assertThat(rows).extracting(row -> instant(row.get(0)), row -> instant(row.get(1)),
            row -> instant(row.get(2)), row -> String.valueOf(row.get(3)),
            row -> instant(row.get(4)), row -> row.getString(5))
        .containsExactly(
            tuple("2024-01-05T23:30:00Z", "2024-01-05T11:00:00Z", "2024-01-05T08:00:00Z",
                "2024-01-05", "2024-01-05T23:59:00Z", null),
            tuple("2024-07-05T22:30:00Z", "2024-07-05T12:00:00Z", "2024-07-05T10:00:00Z",
                "1969-12-31", "2024-07-05T00:00:00Z", null),
            tuple(null, "2024-07-05T10:00:00Z", null, "null", null,
                "column la: cannot convert \"2024-01-05T15:30:00\" to timestamp with format"
                    + " \"M/d/yyyy h:mm:ss a\";"
                    + " column offset: cannot convert \"2024-07-05 10:00\" to timestamp with"
                    + " format \"yyyy-MM-dd HH:mm xx\";"
                    + " column day: cannot convert \"32.01.2024\" to date with format"
                    + " \"dd.MM.yyyy\""));
  }

  @Test
  void picksTheArrayElementWithTheKeyValue() {
    List<ColumnConfig> columns = List.of(
        column("purchases", "long", "actions[action_type=purchase].value", false),
        column("pixel_purchases", "long",
            "actions[action_type=offsite_conversion.fb_pixel_purchase].value", false),
        column("link_clicks", "int", "actions[action_type=link_click].value", false),
        column("purchase_value", "decimal(18,2)", "action_values[action_type=purchase].value",
            false));

    List<Row> rows = typed(columns, """
        {"actions": [{"action_type": "link_click", "value": "31"},         {"action_type": "purchase", "value": "2"},         {"action_type": "offsite_conversion.fb_pixel_purchase", "value": "5"}],         "action_values": [{"action_type": "purchase", "value": "59.90"}]}""",
        "{\"actions\": [{\"action_type\": \"link_click\", \"value\": \"7\"}]}",
        "{\"actions\": [{\"action_type\": \"purchase\", \"value\": \"two\"}]}",
        "{}");

    assertThat(rows).extracting(row -> row.get(0), row -> row.get(1), row -> row.get(2),
            row -> row.get(3), row -> row.get(4))
        .containsExactly(
            tuple(2L, 5L, 31, new BigDecimal("59.90"), null),
            tuple(null, null, 7, null, null),
            tuple(null, null, null, null, "column purchases: cannot convert \"two\" to long"),
            tuple(null, null, null, null, null));
  }

  @Test
  void rejectsWhatIsNotAnIsoDateOrTimestamp() {
    List<Row> rows = typed(List.of(column("day", "date", null, false),
            column("at", "timestamp", null, false)),
        "{\"day\": \"2024-01-05T10:00:00\", \"at\": \"1704103200\"}",
        "{\"day\": \"2024\", \"at\": \"2024-1-1\"}",
        "{\"day\": \"05/01/2024\", \"at\": \"2024-01-01T25:00:00Z\"}");

    assertThat(rows).extracting(row -> row.getString(2)).containsExactly(
        "column day: cannot convert \"2024-01-05T10:00:00\" to date;"
            + " column at: cannot convert \"1704103200\" to timestamp",
        "column day: cannot convert \"2024\" to date;"
            + " column at: cannot convert \"2024-1-1\" to timestamp",
        "column day: cannot convert \"05/01/2024\" to date;"
            + " column at: cannot convert \"2024-01-01T25:00:00Z\" to timestamp");
  }

  @Test
  void aRecordThatIsNotAnObjectOrAPageProblemIsTheOnlyReason() {
    Dataset<Row> input = spark.createDataFrame(List.of(
        RowFactory.create(Date.valueOf("2024-01-01"), "r1", "page-00000.json.gz", 0, "oops",
            null),
        RowFactory.create(Date.valueOf("2024-01-01"), "r1", "page-00000.json.gz", 1, null, null),
        RowFactory.create(Date.valueOf("2024-01-01"), "r1", "page-00001.json.gz", null,
            "{\"data\": [", "page is not JSON with an array of records at \"/data\"")), READ);

    List<Row> rows = apply(allTypes(), input);

    assertThat(rows).extracting(row -> row.getString(8)).containsExactly(
        "record is not a JSON object", "record is not a JSON object",
        "page is not JSON with an array of records at \"/data\"");
  }

  private List<Row> typed(List<ColumnConfig> columns, String... records) {
    return typed(spark, columns, records);
  }

  private static List<Row> typed(SparkSession session, List<ColumnConfig> columns,
      String... records) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < records.length; i++) {
      rows.add(RowFactory.create(Date.valueOf("2024-01-01"), "r1", "page-00000.json.gz", i,
          records[i], null));
    }
    return apply(columns, session.createDataFrame(rows, READ));
  }

  /** Applies the typing and keeps the dataset columns and the reason, in record order. */
  private static List<Row> apply(List<ColumnConfig> columns, Dataset<Row> input) {
    RecordSchemas schemas = new RecordSchemas("acme.test");
    Dataset<Row> typed = new ColumnTyping(columns, schemas.recordSchema(columns)).apply(input);
    List<String> kept = new ArrayList<>();
    columns.forEach(column -> kept.add(column.name()));
    kept.add(TransformColumns.REASON);
    return typed.orderBy(TransformColumns.PAGE, TransformColumns.POSITION)
        .selectExpr(kept.toArray(String[]::new)).collectAsList();
  }

  private static List<ColumnConfig> allTypes() {
    return List.of(
        column("id", "string", null, true),
        column("n_int", "int", null, false),
        column("n_long", "long", null, false),
        column("ratio", "double", null, false),
        column("flag", "boolean", null, false),
        column("amount", "decimal(18,4)", null, false),
        column("day", "date", null, false),
        column("at", "timestamp", null, false));
  }

  private static ColumnConfig column(String name, String type, String source,
      boolean required) {
    return new ColumnConfig(name, ColumnType.parse(type), Optional.ofNullable(source), required,
        Optional.empty(), "UTC");
  }

  private static ColumnConfig column(String name, String type, String source, String format,
      String timeZone) {
    return new ColumnConfig(name, ColumnType.parse(type), Optional.ofNullable(source), false,
        Optional.ofNullable(format), timeZone);
  }

  private static String instant(Object timestamp) {
    return timestamp == null ? null : ((Timestamp) timestamp).toInstant().toString();
  }
}
