package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckCommandTest {
  private static final Path DEMO = Path.of("..", "conf", "clients", "demo.yaml");

  private record Outcome(int exit, String output) {}

  private static Outcome dif(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int exit = DifCommand.execute(args);
      return new Outcome(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void validFileIsReportedOk() {
    Outcome outcome = dif("config", "check", DEMO.toString());
    assertThat(outcome.exit()).isZero();
    assertThat(outcome.output()).contains("demo.yaml: ok (client demo: 2 sources, 5 streams,"
        + " 5 datasets)");
  }

  @Test
  void brokenFileListsEveryProblemWithPathsAndExitsNonZero(@TempDir Path folder)
      throws Exception {
    String broken = Files.readString(DEMO)
        .replace("type: cursor, token", "type: cursr, token")
        .replace("per_second: 38", "per_second: lots")
        .replace("stream: campaigns,", "stream: campaign,")
        .replace("key: [ad_id, day]", "key: [ad_id, day]\n    partition: day")
        .replace("anonymize_after: P90D", "anonymize_after: P0D");
    Path file = folder.resolve("broken.yaml");
    Files.writeString(file, broken);

    Outcome outcome = dif("config", "check", file.toString());

    assertThat(outcome.exit()).isEqualTo(1);
    assertThat(outcome.output())
        .contains("broken.yaml: 7 problems")
        .contains("sources.sandbox_ads.rate_limit.per_second: must be an integer (found: \"lots\")")
        .containsPattern("sources.sandbox_ads.streams.campaigns.paginate.type: must be one of"
            + " \\[none, cursor, next_url.*\\] \\(found: \"cursr\"\\)")
        .contains("sources.sandbox_ads.streams.insights.paginate.type: must be one of")
        .contains("sources.sandbox_ads.streams.leads.paginate.type: must be one of")
        .contains("datasets.leads.retention.anonymize_after: must be a positive period, e.g."
            + " P90D or P3Y (found: \"P0D\")")
        .contains("datasets.ad_insights_daily.partition: unknown key")
        .contains("sources.sandbox_ads.streams.insights.for_each.stream: names an undefined"
            + " stream; streams of this source are [campaigns, insights, leads] (found:"
            + " \"campaign\")");
  }

  @Test
  void helpDescribesEveryCommand() {
    Outcome outcome = dif("--help");
    assertThat(outcome.exit()).isZero();
    assertThat(outcome.output()).contains("run", "extract", "transform", "load", "config", "sql");
    Outcome run = dif("run", "--help");
    assertThat(run.output()).contains("--client", "--from", "--to", "--data-dir", "--conf-dir");
  }
}
