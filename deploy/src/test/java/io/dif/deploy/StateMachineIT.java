package io.dif.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The state machine of terraform/, validated with asl-validator and executed locally with
 * aws-local-stepfunctions, its Task states running local commands.
 *
 * <p>The stages file given to src/test/node/run-state-machine.mjs:
 * <pre>
 * { "extract":   { "command": ["java", "-jar", "extractor.jar"], "environment": {"DIF_ZONES_ROOT": "..."} },
 *   "transform": { "command": [...], "environment": {...} },
 *   "load":      { "command": [...], "environment": {...} },
 *   "alert":     { "file": "/abs/alerts.jsonl" },
 *   "log": "/abs/stages.log",
 *   "retryIntervalMillis": 0 }
 * </pre>
 * Extract runs {@code command} + the ECS container override's Command ({@code extract --client C
 * [--from D --to D]}); transform and load run {@code command} + the Glue run's Arguments as
 * {@code --key value} ({@code --client C [--from D --to D] [--reprocess true]}); each with the
 * test JVM's environment plus {@code environment}. The exit code becomes what the AWS
 * integration raises: ECS: States.TaskFailed with the task description (…"ExitCode":N…) as
 * cause; Glue: States.TaskFailed with the JobRun as cause, its ErrorMessage
 * "DIF_EXIT_CODE=N: last stderr line". The alert Task appends its SNS publish request (TopicArn,
 * Subject, Message object, MessageAttributes) as a JSON line to alert.file.
 * {@code retryIntervalMillis} replaces the retry waits (full jitter over minutes in AWS).
 * Stage output goes to {@code log}.
 */
class StateMachineIT {
  private static final int MAX_ATTEMPTS = 2;
  private static final Path WORK = TerraformFiles.REPO.resolve("deploy/target/state-machine");
  private static Path standIn;

  @BeforeAll
  static void writeStandInStage() throws IOException {
    Files.createDirectories(WORK);
    standIn = WORK.resolve("stand-in-stage.sh");
    // a stage that records its arguments and exits with the next of $EXIT_CODES (then with
    // $THEN_EXIT_CODE, default 0), after sleeping $SLEEP_SECONDS when set
    Files.writeString(standIn, """
        #!/bin/sh
        runs=$(( $(cat "$STAGE_DIR/runs" 2>/dev/null || echo 0) + 1 ))
        echo "$runs" > "$STAGE_DIR/runs"
        echo "$*" >> "$STAGE_DIR/arguments"
        code=$(echo "$EXIT_CODES" | awk -F, -v n="$runs" '{ print $n }')
        [ -n "$code" ] || code="${THEN_EXIT_CODE:-0}"
        [ -z "$SLEEP_SECONDS" ] || sleep "$SLEEP_SECONDS"
        [ "$code" = 0 ] || echo "Cannot run stand-in stage: exit $code as asked" >&2
        exit "$code"
        """);
    Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Values for the template, as the orchestration module gives them (short timeouts here). */
  static Map<String, String> templateValues(int transformTimeoutSeconds, int loadTimeoutSeconds) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("region", "eu-west-1");
    values.put("cluster_arn", "arn:aws:ecs:eu-west-1:123456789012:cluster/dif");
    values.put("task_definition_arn",
        "arn:aws:ecs:eu-west-1:123456789012:task-definition/dif-extractor:1");
    values.put("container_name", "extractor");
    values.put("subnet_ids", "[\"subnet-0a1b2c3d\"]");
    values.put("security_group_id", "sg-0a1b2c3d");
    values.put("transform_job_name", "dif-transform");
    values.put("load_job_name", "dif-load");
    values.put("alert_topic_arn", "arn:aws:sns:eu-west-1:123456789012:dif-alerts");
    values.put("extract_timeout_seconds", "60");
    values.put("transform_timeout_seconds", Integer.toString(transformTimeoutSeconds));
    values.put("load_timeout_seconds", Integer.toString(loadTimeoutSeconds));
    values.put("execution_timeout_seconds", "600");
    values.put("retry_interval_seconds", "60");
    values.put("retry_backoff_rate", "2");
    values.put("retry_max_delay_seconds", "900");
    values.put("retry_max_attempts", Integer.toString(MAX_ATTEMPTS));
    return values;
  }

  @Test
  void terraformGivesEveryValueTheTemplateUses() {
    String module = TerraformFiles.read(TerraformFiles.TERRAFORM
        .resolve("modules/orchestration/main.tf"));
    Matcher call = Pattern.compile("templatefile\\(\"\\$\\{path\\.module}/state-machine\\.asl"
        + "\\.json\", \\{(.*?)\\n  }\\)", Pattern.DOTALL).matcher(module);
    assertThat(call.find()).as("the templatefile call of modules/orchestration").isTrue();
    Set<String> given = new TreeSet<>();
    Matcher key = Pattern.compile("(?m)^\\s*([a-z_]+)\\s*=").matcher(call.group(1));
    while (key.find()) {
      given.add(key.group(1));
    }
    assertThat(given).isEqualTo(LocalStateMachine.placeholders())
        .isEqualTo(templateValues(60, 60).keySet());
  }

  @Test
  void aslValidatorAcceptsTheDefinitionAndRefusesABrokenOne() throws IOException {
    Path valid = WORK.resolve("valid.asl.json");
    Files.writeString(valid, LocalStateMachine.render(templateValues(60, 60)));
    NodeTests.Result result = NodeTests.run(List.of(
        "node_modules/asl-validator/dist/bin/asl-validator.js", "--json-path", valid.toString()));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("is valid");

    // the validator really checks: a Next to a state that does not exist is refused
    Path broken = WORK.resolve("broken.asl.json");
    Files.writeString(broken, LocalStateMachine.render(templateValues(60, 60))
        .replace("\"Next\": \"Load\"", "\"Next\": \"Lode\""));
    NodeTests.Result refused = NodeTests.run(List.of(
        "node_modules/asl-validator/dist/bin/asl-validator.js", "--json-path", broken.toString()));
    assertThat(refused.exitCode()).as(refused.output()).isNotZero();
  }

  @Test
  void aTransientTransformFailureIsRetriedAndTheBackfillSucceeds(TestInfo test)
      throws IOException {
    Path folder = folder(test);
    ObjectNode stages = stages(folder, Map.of("transform", "75"));
    JsonNode result = LocalStateMachine.execute(folder,
        LocalStateMachine.render(templateValues(60, 60)), stages, input(
            "{\"client\": \"demo\", \"from\": \"2024-01-01\", \"to\": \"2024-01-07\","
                + " \"reprocess\": true}"));

    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
    assertThat(runs(folder, "extract")).isEqualTo(1);
    assertThat(runs(folder, "transform")).isEqualTo(2);
    assertThat(runs(folder, "load")).isEqualTo(1);
    assertThat(retried(result)).containsExactly("Transform");
    assertThat(folder.resolve("alerts.jsonl")).doesNotExist();
    assertThat(arguments(folder, "extract")).containsExactly(
        "extract --client demo --from 2024-01-01 --to 2024-01-07");
    assertThat(arguments(folder, "transform")).containsOnly(
        "--client demo --from 2024-01-01 --to 2024-01-07 --reprocess true").hasSize(2);
    assertThat(arguments(folder, "load")).containsExactly(
        "--client demo --from 2024-01-01 --to 2024-01-07 --reprocess true");
  }

  @Test
  void anExtractorThatStaysRetriableIsRetriedWithinItsAttemptsThenAlerted(TestInfo test)
      throws IOException {
    Path folder = folder(test);
    ObjectNode stages = stages(folder, Map.of());
    ((ObjectNode) stages.path("extract").path("environment")).put("THEN_EXIT_CODE", "75");
    JsonNode result = LocalStateMachine.execute(folder,
        LocalStateMachine.render(templateValues(60, 60)), stages, input("{\"client\": \"demo\"}"));

    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("FAILED");
    assertThat(result.path("error").asText()).isEqualTo("DIF.Retriable");
    assertThat(runs(folder, "extract")).isEqualTo(1 + MAX_ATTEMPTS);
    assertThat(runs(folder, "transform")).isZero();
    assertThat(arguments(folder, "extract")).containsOnly("extract --client demo");
    JsonNode alert = onlyAlert(folder);
    assertThat(alert.path("Message").path("stage").asText()).isEqualTo("extract");
    assertThat(alert.path("Message").path("failure").path("Cause").asText())
        .contains("\"ExitCode\":75");
  }

  @Test
  void aRejectionIsNotRetriedButAlertedAndTheExecutionFails(TestInfo test) throws IOException {
    Path folder = folder(test);
    ObjectNode stages = stages(folder, Map.of("transform", "2"));
    JsonNode result = LocalStateMachine.execute(folder,
        LocalStateMachine.render(templateValues(60, 60)), stages, input("{\"client\": \"demo\"}"));

    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("FAILED");
    assertThat(result.path("error").asText()).isEqualTo("States.TaskFailed");
    assertThat(runs(folder, "transform")).isEqualTo(1);
    assertThat(runs(folder, "load")).isZero();
    assertThat(retried(result)).isEmpty();
    JsonNode alert = onlyAlert(folder);
    assertThat(alert.path("TopicArn").asText())
        .isEqualTo("arn:aws:sns:eu-west-1:123456789012:dif-alerts");
    assertThat(alert.path("Subject").asText()).isEqualTo("DIF: transform failed for client demo");
    JsonNode message = alert.path("Message");
    assertThat(message.path("client").asText()).isEqualTo("demo");
    assertThat(message.path("stage").asText()).isEqualTo("transform");
    assertThat(message.path("error").asText()).isEqualTo("States.TaskFailed");
    JsonNode jobRun = LocalStateMachine.JSON.readTree(
        message.path("failure").path("Cause").asText());
    assertThat(jobRun.path("JobName").asText()).isEqualTo("dif-transform");
    assertThat(jobRun.path("ErrorMessage").asText())
        .isEqualTo("DIF_EXIT_CODE=2: Cannot run stand-in stage: exit 2 as asked");
    assertThat(message.path("execution").asText()).startsWith(
        "https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions"
            + "/details/arn:aws:states:");
    assertThat(alert.path("MessageAttributes").path("stage").path("StringValue").asText())
        .isEqualTo("transform");
  }

  @Test
  void aStageThatOutrunsItsTimeoutIsStoppedAndAlerted(TestInfo test) throws IOException {
    Path folder = folder(test);
    ObjectNode stages = stages(folder, Map.of());
    ((ObjectNode) stages.path("load").path("environment")).put("SLEEP_SECONDS", "120");
    JsonNode result = LocalStateMachine.execute(folder,
        LocalStateMachine.render(templateValues(60, 1)), stages, input("{\"client\": \"demo\"}"));

    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("FAILED");
    assertThat(result.path("error").asText()).isEqualTo("States.Timeout");
    assertThat(runs(folder, "load")).isEqualTo(1);
    assertThat(retried(result)).isEmpty();
    JsonNode message = onlyAlert(folder).path("Message");
    assertThat(message.path("stage").asText()).isEqualTo("load");
    assertThat(message.path("error").asText()).isEqualTo("States.Timeout");
  }

  @Test
  void anInputWithoutClientOrWithHalfAWindowRunsNothing(TestInfo test) throws IOException {
    for (String input : List.of("{\"from\": \"2024-01-01\", \"to\": \"2024-01-02\"}",
        "{\"client\": \"demo\", \"from\": \"2024-01-01\"}")) {
      Path folder = folder(test).resolve(Integer.toString(input.length()));
      JsonNode result = LocalStateMachine.execute(folder,
          LocalStateMachine.render(templateValues(60, 60)), stages(folder, Map.of()),
          input(input));
      assertThat(result.path("status").asText()).isEqualTo("FAILED");
      assertThat(result.path("error").asText()).isEqualTo("DIF.InvalidInput");
      assertThat(runs(folder, "extract")).isZero();
    }
  }

  private static Path folder(TestInfo test) throws IOException {
    Path folder = WORK.resolve(test.getTestMethod().orElseThrow().getName());
    if (Files.exists(folder)) {
      try (var walk = Files.walk(folder)) {
        for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    return Files.createDirectories(folder);
  }

  /** Stand-in stages; exitCodes gives a stage its exit codes, one per run, then 0. */
  private static ObjectNode stages(Path folder, Map<String, String> exitCodes)
      throws IOException {
    ObjectNode stages = LocalStateMachine.JSON.createObjectNode();
    for (String stage : List.of("extract", "transform", "load")) {
      Path stageDir = Files.createDirectories(folder.resolve(stage));
      ObjectNode spec = stages.putObject(stage);
      spec.putArray("command").add(standIn.toString());
      spec.putObject("environment").put("STAGE_DIR", stageDir.toString())
          .put("EXIT_CODES", exitCodes.getOrDefault(stage, ""));
    }
    stages.putObject("alert").put("file", folder.resolve("alerts.jsonl").toString());
    stages.put("log", folder.resolve("stages.log").toString());
    stages.put("retryIntervalMillis", 0);
    return stages;
  }

  private static JsonNode input(String json) throws IOException {
    return LocalStateMachine.JSON.readTree(json);
  }

  private static int runs(Path folder, String stage) throws IOException {
    Path runs = folder.resolve(stage).resolve("runs");
    return Files.exists(runs) ? Integer.parseInt(Files.readString(runs).trim()) : 0;
  }

  private static List<String> arguments(Path folder, String stage) throws IOException {
    return Files.readAllLines(folder.resolve(stage).resolve("arguments"));
  }

  private static List<String> retried(JsonNode result) {
    List<String> states = new ArrayList<>();
    for (JsonNode event : (ArrayNode) result.path("events")) {
      if (event.path("type").asText().equals("StateRetried")) {
        states.add(event.path("state").asText());
      }
    }
    return states;
  }

  private static JsonNode onlyAlert(Path folder) throws IOException {
    List<String> lines = Files.readAllLines(folder.resolve("alerts.jsonl"));
    assertThat(lines).hasSize(1);
    return LocalStateMachine.JSON.readTree(lines.get(0));
  }
}
