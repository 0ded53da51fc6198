package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dif status} across clients shows each client's next scheduled run and alerts on a
 * client late against its schedule (nothing delivered since a start whose window and grace have
 * passed), then resolves the alert once the client is no longer late.
 */
class ScheduleLatenessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLIENT = """
      version: 1
      client: nightly
      sources:
        api:
          base_url: http://127.0.0.1:9/v1
          streams:
            items: { request: { path: /items } }
      datasets:
        items:
          from: api.items
          columns:
            - { name: id, type: string, required: true }
          key: [id]
          destination: { table: nightly.items }
      schedule: { cron: "0 2 * * ? *", time_zone: UTC, enabled: %s }
      """;

  @TempDir
  Path temp;

  @Test
  void aClientThatNeverDeliveredIsLateThenResolvedWhenItsScheduleIsOff() throws Exception {
    Path conf = Files.createDirectories(temp.resolve("conf"));
    Path data = temp.resolve("data");
    Files.writeString(conf.resolve("nightly.yaml"), CLIENT.formatted("true"));

    String table = status(conf, data);

    assertThat(table).contains("NEXT RUN").contains("late: nothing delivered since the run"
        + " scheduled at");
    assertThat(alerts(data)).singleElement().satisfies(alert -> {
      assertThat(alert.path("state").asText()).isEqualTo("firing");
      assertThat(alert.path("client").asText()).isEqualTo("nightly");
      assertThat(alert.path("code").asText()).isEqualTo("CLIENT_LATE");
      assertThat(alert.path("subject").asText()).isEqualTo("schedule of client nightly");
    });

    status(conf, data); // still late: deduplicated, nothing new
    assertThat(alerts(data)).hasSize(1);

    Files.writeString(conf.resolve("nightly.yaml"), CLIENT.formatted("false"));
    assertThat(status(conf, data)).contains("unscheduled").doesNotContain("late:");
    assertThat(alerts(data)).hasSize(2).last().satisfies(alert -> {
      assertThat(alert.path("state").asText()).isEqualTo("resolved");
      assertThat(alert.path("code").asText()).isEqualTo("CLIENT_LATE");
    });
  }

  private static String status(Path conf, Path data) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int exit = DifCommand.execute("status", "--conf-dir", conf.toString(), "--data-dir",
          data.toString());
      assertThat(exit).isZero();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<JsonNode> alerts(Path data) throws IOException {
    Path file = data.resolve("alerts.log");
    List<JsonNode> lines = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }
}
