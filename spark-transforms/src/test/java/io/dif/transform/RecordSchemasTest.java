package io.dif.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.config.ColumnConfig;
import io.dif.core.config.ColumnType;
import io.dif.core.error.ConfigurationException;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RecordSchemasTest {
  private final RecordSchemas schemas = new RecordSchemas("acme.ad_insights_daily");

  @Test
  void pageSchemaHoldsTheRecordsAsJsonTextAtThePointer() {
    assertThat(schemas.pageSchema("/data")).isEqualTo(
        StructType.fromDDL("data array<string>, _corrupt_record string"));
    assertThat(schemas.pageSchema("/data/list")).isEqualTo(
        StructType.fromDDL("data struct<list: array<string>>, _corrupt_record string"));
  }

  @Test
  void wholeDocumentPointerReadsAWrappedPage() {
    assertThat(RecordSchemas.wrapsPage("")).isTrue();
    assertThat(RecordSchemas.wrapsPage("/data")).isFalse();
    assertThat(schemas.pageSchema("")).isEqualTo(
        StructType.fromDDL("records array<string>, _corrupt_record string"));
  }

  @Test
  void pointerTokensAreUnescaped() {
    assertThat(schemas.recordsPath("/a~1b/c~0d")).containsExactly("a/b", "c~d");
  }

  @Test
  void recordSchemaHasOneStringLeafPerSourceFieldNestedByDots() {
    StructType schema = schemas.recordSchema(List.of(
        column("ad_id", "dimensions.ad_id"),
        column("day", "dimensions.stat_time_day"),
        column("spend", "metrics.spend"),
        column("spend_again", "metrics.spend"),
        column("currency", null)));

    assertThat(schema).isEqualTo(StructType.fromDDL("dimensions struct<ad_id: string,"
        + " stat_time_day: string>, metrics struct<spend: string>, currency string"));
  }

  @Test
  void rejectsAFieldReadAsAValueAndAsAnObject() {
    assertThatThrownBy(() -> schemas.recordSchema(List.of(
        column("actions", "actions"), column("link_clicks", "actions.link_click"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Cannot transform dataset acme.ad_insights_daily: source field is used both"
            + " as a value and as an object: actions.link_click");
    assertThatThrownBy(() -> schemas.recordSchema(List.of(
        column("link_clicks", "actions.link_click"), column("actions", "actions"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageEndingWith(": source field is used both as a value and as an object: actions");
  }

  @Test
  void anArrayElementPickedByKeyIsAnArrayOfStructsWithTheKeyAndTheFieldsRead() {
    StructType schema = schemas.recordSchema(List.of(
        column("purchases", "actions[action_type=purchase].value"),
        column("pixel_purchases", "actions[action_type=offsite_conversion.fb_pixel_purchase]"
            + ".value"),
        column("purchase_value_7d", "action_values[action_type=purchase].7d_click"),
        column("campaign_id", null)));

    assertThat(schema).isEqualTo(StructType.fromDDL("actions array<struct<action_type: string,"
        + " value: string>>, action_values array<struct<action_type: string,"
        + " `7d_click`: string>>, campaign_id string"));
    assertThat(RecordSchemas.segments("a.actions[action_type=x.y].value")).containsExactly(
        new RecordSchemas.Segment("a", null, null),
        new RecordSchemas.Segment("actions", "action_type", "x.y"),
        new RecordSchemas.Segment("value", null, null));
  }

  @Test
  void rejectsAFieldReadAsAnArrayAndAsAnObject() {
    assertThatThrownBy(() -> schemas.recordSchema(List.of(
        column("link_clicks", "actions.link_click"),
        column("purchases", "actions[action_type=purchase].value"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageEndingWith(": source field is used both as an array and as an object:"
            + " actions[action_type=purchase].value");
    assertThatThrownBy(() -> schemas.recordSchema(List.of(
        column("purchases", "actions[action_type=purchase].value"),
        column("link_clicks", "actions.link_click"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageEndingWith(": source field is used both as an array and as an object:"
            + " actions.link_click");
  }

  private static ColumnConfig column(String name, String source) {
    return new ColumnConfig(name, ColumnType.parse("string"), Optional.ofNullable(source),
        false, Optional.empty(), "UTC");
  }
}
