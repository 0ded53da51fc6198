package io.dif.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule block of a client: EventBridge Scheduler cron fields, time zone, window. */
class ScheduleConfigTest {
  private static final String CLIENT = """
      version: 1
      client: acme
      sources:
        api:
          base_url: https://api.example.com
          streams:
            items: { request: { path: /items }, records: /data }
      %s
      """;

  private static ClientConfig load(String schedule) {
    return new ClientConfigLoader().parse("acme.yaml", CLIENT.formatted(schedule));
  }

  private static List<String> problems(String schedule) {
    return catchThrowableOfType(() -> load(schedule), InvalidConfigException.class)
        .problems().stream().map(p -> p.path() + " " + p.rule()).toList();
  }

  @Test
  void withoutTheBlockTheClientHasNoSchedule() {
    assertThat(load("").schedule()).isEmpty();
  }

  @Test
  void defaultsAreUtcEnabledAndOnTime() {
    ScheduleConfig schedule = load("schedule: { cron: '30  5 * * ? *' }").schedule().orElseThrow();
    assertThat(schedule.expression()).isEqualTo("cron(30 5 * * ? *)");
    assertThat(schedule.timeZone()).isEqualTo("UTC");
    assertThat(schedule.enabled()).isTrue();
    assertThat(schedule.flexibleWindowMinutes()).isEmpty();
  }

  @Test
  void everyKeyGiven() {
    ScheduleConfig schedule = load("""
        schedule:
          cron: '0 6 ? * MON-FRI 2026-2030'
          time_zone: Europe/Paris
          enabled: false
          flexible_window_minutes: 45
        """).schedule().orElseThrow();
    assertThat(schedule.expression()).isEqualTo("cron(0 6 ? * MON-FRI 2026-2030)");
    assertThat(schedule.timeZone()).isEqualTo("Europe/Paris");
    assertThat(schedule.enabled()).isFalse();
    assertThat(schedule.flexibleWindowMinutes()).contains(45);
  }

  @Test
  void eventBridgeCronFeaturesAreAccepted() {
    for (String cron : List.of("0/15 * * * ? *", "0 0 L * ? *", "0 0 15W * ? *", "0 0 ? * 6L *",
        "0 0 ? * 2#1 *", "5,35 8-18/2 1-15 JAN,JUL ? *", "0 12 ? * SUN *", "0 0 LW * ? *")) {
      assertThat(EventBridgeCron.problem(cron)).as(cron).isEmpty();
    }
  }

  @Test
  void unixCronAndBadFieldsAreRefused() {
    assertThat(EventBridgeCron.problem("30 5 * * *")).contains("must have 6 fields (minutes hours"
        + " day-of-month month day-of-week year), found 5");
    assertThat(EventBridgeCron.problem("30 5 * * * *")).contains("exactly one of day-of-month and"
        + " day-of-week must be '?'");
    assertThat(EventBridgeCron.problem("30 5 ? * ? *")).isPresent();
    assertThat(EventBridgeCron.problem("60 5 * * ? *")).get().asString()
        .startsWith("minutes field '60' is not valid");
    assertThat(EventBridgeCron.problem("0 24 * * ? *")).get().asString().startsWith("hours");
    assertThat(EventBridgeCron.problem("0 0 32 * ? *")).get().asString()
        .startsWith("day-of-month");
    assertThat(EventBridgeCron.problem("0 0 * FOO ? *")).get().asString().startsWith("month");
    assertThat(EventBridgeCron.problem("0 0 ? * 8 *")).get().asString().startsWith("day-of-week");
    assertThat(EventBridgeCron.problem("0 0 ? * 2#6 *")).get().asString()
        .startsWith("day-of-week");
    assertThat(EventBridgeCron.problem("0 0 * * ? 1969")).get().asString().startsWith("year");
    assertThat(EventBridgeCron.problem("0 0 L * ? *,")).get().asString().startsWith("year");
  }

  @Test
  void badBlocksAreReportedTogetherByPath() {
    assertThat(problems("""
        schedule:
          cron: '30 5 * * *'
          time_zone: Mars/Olympus
          flexible_window_minutes: 0
        """)).containsExactlyInAnyOrder(
        "schedule.flexible_window_minutes must be between 1 and 1440",
        "schedule.cron must have 6 fields (minutes hours day-of-month month day-of-week year),"
            + " found 5",
        "schedule.time_zone is not a time zone id, such as Europe/Paris or UTC");
    assertThat(problems("schedule: { time_zone: UTC }"))
        .anySatisfy(problem -> assertThat(problem).startsWith("schedule.cron"));
    assertThat(problems("schedule: { cron: '0 0 * * ? *', time_zone: '+02:00' }"))
        .containsExactly("schedule.time_zone is not a time zone id, such as Europe/Paris or UTC");
  }
}
