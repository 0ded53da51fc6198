package io.dif.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.config.EventBridgeCron;
import io.dif.core.config.ScheduleConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every client file Terraform reads (conf/clients/*.yaml) renders to the schedule DIF validated:
 * Terraform's yamldecode sees the raw YAML, DIF's loader the typed config; both must agree.
 */
class ClientSchedulesTest {
  @Test
  void everyClientScheduleRendersToAValidScheduleExpression() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> clients = Files.newDirectoryStream(
        TerraformFiles.REPO.resolve("conf/clients"), "*.yaml")) {
      clients.forEach(files::add);
    }
    assertThat(files).isNotEmpty();
    Set<String> clientNames = new HashSet<>();
    int scheduled = 0;
    for (Path file : files) {
      ClientConfig config = new ClientConfigLoader().load(file);
      assertThat(clientNames.add(config.client())).as("client %s is given twice",
          config.client()).isTrue();
      Map<String, Object> raw = new Yaml().load(Files.readString(file));
      Optional<Map<?, ?>> rawSchedule = Optional.ofNullable((Map<?, ?>) raw.get("schedule"));
      Optional<ScheduleConfig> schedule = config.schedule();
      assertThat(rawSchedule.isPresent()).isEqualTo(schedule.isPresent());
      if (schedule.isEmpty()) {
        continue;
      }
      Map<?, ?> block = rawSchedule.get();
      boolean terraformSchedules = !Boolean.FALSE.equals(block.get("enabled"))
          && block.get("cron") != null;
      assertThat(terraformSchedules).as(file.toString()).isEqualTo(schedule.get().enabled());
      if (!terraformSchedules) {
        continue;
      }
      scheduled++;
      String expression = ScheduleRendering.render((String) block.get("cron"));
      assertThat(expression).as(file.toString()).isEqualTo(schedule.get().expression())
          .matches("cron\\(\\S+( \\S+){5}\\)");
      assertThat(EventBridgeCron.problem(expression.substring(5, expression.length() - 1)))
          .as(file.toString()).isEmpty();
      Object timeZone = block.get("time_zone");
      assertThat(timeZone == null ? "UTC" : timeZone).isEqualTo(schedule.get().timeZone());
      Object window = block.get("flexible_window_minutes");
      assertThat(Optional.ofNullable(window)).isEqualTo(schedule.get().flexibleWindowMinutes());
    }
    // the demo client has a schedule: the rendering above is exercised, not skipped
    assertThat(scheduled).isPositive();
  }

  @Test
  void theRenderingIsTerraformsSplitJoin() {
    assertThat(ScheduleRendering.render(" 30  5 * * ? * ")).isEqualTo("cron(30 5 * * ? *)");
    assertThat(ScheduleRendering.render("0 6 ? * MON-FRI *")).isEqualTo("cron(0 6 ? * MON-FRI *)");
  }
}
