package io.dif.awsbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.control.ControlStores;
import io.dif.control.LocalKeyFiles;
import io.dif.control.TestingDynalite;
import io.dif.core.credential.CredentialKind;
import io.dif.core.credential.Secret;
import io.dif.core.credential.WritableCredentialStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dif.deploy.LocalExecutions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The proof that DIF runs on AWS: the demo client through the three stages as separate
 * processes, exactly as the state machine starts them, on emulated AWS ({@link AwsBox}), one
 * box for the whole story, in order: the state machine's first run leaves the warehouse with the
 * rows of a local {@code dif run --client demo} on the same sandbox data; a rerun of the three
 * stages changes nothing; each stage killed midway (SIGKILL) and started again completes with
 * nothing lost or duplicated; and no secret is in any S3 object, DynamoDB item or log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsInABoxIT {
  private static final List<String> TABLES = List.of("demo.ad_insights_daily", "demo.campaigns");
  /** The warehouse user's password, kept in the encrypted credential store. */
  private static final String WAREHOUSE_PASSWORD = "box-warehouse-password-7c41e2";
  /** After a kill, a restarted stage waits for the dead one's Redis lease (10 s) to lapse. */
  private static final String LEASE_WAIT = "PT1M";

  @TempDir
  static Path temp;
  private static AwsBox box;
  private static Map<String, List<String>> reference;

  @BeforeAll
  static void startTheBox() throws Exception {
    reference = localRun(temp.resolve("local"));
    assertThat(reference.get("demo.ad_insights_daily")).hasSizeGreaterThan(100);
    box = AwsBox.start(temp.resolve("box"));
    box.uploadClient("demo", AwsBox.demoOnPostgres());
    credentials(box).put("_deployment", "warehouse", CredentialKind.PASSWORD,
        Secret.of("postgres:" + WAREHOUSE_PASSWORD));
  }

  @AfterAll
  static void stopTheBox() throws Exception {
    if (box != null) {
      box.close();
    }
  }

  /**
   * The state machine of terraform/ executed locally (aws-local-stepfunctions), its Task states
   * running the real entry points: the extractor jar for {@code ecs:runTask.sync}, the Glue
   * jobs' main classes for {@code glue:startJobRun.sync}.
   */
  @Test
  @Order(1)
  void theStateMachineRunsTheStagesAndTheWarehouseHoldsTheLocalRunsRows() throws Exception {
    Path folder = temp.resolve("box/state-machine");
    ObjectNode stages = LocalStateMachineJson.object();
    stages.set("extract", stage(box.extractorCommand(), box.extractorEnvironment()));
    stages.set("transform", stage(box.jobCommand("transform"), box.jobEnvironment()));
    stages.set("load", stage(box.jobCommand("load"), box.jobEnvironment()));
    stages.putObject("alert").put("file", folder.resolve("alerts.jsonl").toString());
    stages.put("log", temp.resolve("box/logs/state-machine-stages.log").toString());
    stages.put("retryIntervalMillis", 1000);

    JsonNode result = LocalExecutions.execute(folder, stages,
        LocalStateMachineJson.parse("{\"client\": \"demo\"}"), 900);

    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
    assertThat(folder.resolve("alerts.jsonl")).doesNotExist();
    assertThat(warehouseRows()).isEqualTo(reference);
  }

  @Test
  @Order(2)
  void aRerunOfTheThreeStagesChangesNothing() throws Exception {
    succeeds(box.extract("--client", "demo"));
    succeeds(box.transform("--client", "demo"));
    succeeds(box.load("--client", "demo"));
    assertThat(warehouseRows()).isEqualTo(reference);
  }

  /** A backfill of the week, each stage SIGKILLed midway and started again. */
  @Test
  @Order(3)
  void eachStageKilledMidwayAndStartedAgainLosesAndDuplicatesNothing() throws Exception {
    int pagesBefore = rawPages(box);
    AwsBox.Stage extract = box.extract("--client", "demo", "--from", "2024-01-01",
        "--to", "2024-01-07");
    killWhen(extract, () -> rawPages(box) >= pagesBefore + 25);
    succeeds(box.extract("--client", "demo", "--from", "2024-01-01", "--to", "2024-01-07",
        "--lock-wait", LEASE_WAIT));

    AwsBox.Stage transform = box.transform("--client", "demo");
    killWhen(transform, () -> text(transform).contains("Transformed campaigns"));
    succeeds(box.transform("--client", "demo", "--lock-wait", LEASE_WAIT));

    try (Connection blocker = box.warehouse()) {
      // the load merges campaigns, then waits on this lock to merge the insights
      blocker.setAutoCommit(false);
      try (Statement statement = blocker.createStatement()) {
        statement.execute("LOCK TABLE demo.ad_insights_daily IN ACCESS EXCLUSIVE MODE");
      }
      AwsBox.Stage load = box.load("--client", "demo");
      killWhen(load, () -> waitingOnALock(box));
      blocker.rollback();
    }
    succeeds(box.load("--client", "demo", "--lock-wait", LEASE_WAIT));
    assertThat(warehouseRows()).as("warehouse after the killed backfill").isEqualTo(reference);
  }

  @Test
  @Order(4)
  void noSecretInAnyObjectItemOrLog() throws Exception {
    noSecretIn(box, List.of(WAREHOUSE_PASSWORD, AwsBox.SECRET_KEY,
        credentials(box).get("demo", "sandbox_token").reveal(),
        // the key of the leads' keyed hashes, created by the transform job on first use
        credentials(box).get("demo", "pii_hmac_key").reveal()));
  }

  private static ObjectNode stage(List<String> command, Map<String, String> environment) {
    ObjectNode stage = LocalStateMachineJson.object();
    command.forEach(stage.putArray("command")::add);
    ObjectNode variables = stage.putObject("environment");
    environment.forEach(variables::put);
    return stage;
  }

  /** The reference: {@code dif run --client demo} on embedded defaults, in its own JVM. */
  private static Map<String, List<String>> localRun(Path data) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
        "bin", "java").toString(), "-Xmx1g"));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("--add-opens")).forEach(command::add);
    command.addAll(List.of("-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"),
        "io.dif.cli.DifCommand", "run", "--client", "demo", "--conf-dir",
        AwsBox.ROOT.resolve("conf/clients").toString(), "--data-dir", data.toString()));
    Files.createDirectories(data);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(data.resolve("run.out").toFile())
        .redirectError(data.resolve("run.err").toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("DIF_"));
    Process process = builder.start();
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(data.resolve("run.err"))).isZero();
    try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:"
        + data.resolve("warehouse.duckdb"))) {
      return AwsBox.rows(duckDb, TABLES);
    }
  }

  private static Map<String, List<String>> warehouseRows() throws Exception {
    try (Connection connection = box.warehouse()) {
      return AwsBox.rows(connection, TABLES);
    }
  }

  private static void succeeds(AwsBox.Stage stage) throws Exception {
    int code = stage.await();
    assertThat(code).as("%s exit code; its output:%n%s%n%s", stage.name(), stage.out(),
        stage.err()).isZero();
  }

  /**
   * Kills the stage (SIGKILL) as soon as {@code midway} holds, asserting it was still running
   * then: a stage that ended first would prove nothing about a kill.
   */
  private static void killWhen(AwsBox.Stage stage, BooleanSupplier midway) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (!midway.getAsBoolean()) {
      assertThat(stage.process().isAlive()).as("%s ended before it could be killed midway:%n%s",
          stage.name(), stage.err()).isTrue();
      assertThat(System.nanoTime()).as("%s never reached its midway point:%n%s", stage.name(),
          stage.err()).isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(stage.process().isAlive()).as("%s still running at its midway point",
        stage.name()).isTrue();
    stage.kill();
  }

  private static String text(AwsBox.Stage stage) {
    try {
      return stage.err() + stage.out();
    } catch (IOException e) {
      return "";
    }
  }

  private static int rawPages(AwsBox box) {
    return (int) box.s3().listObjectsV2Paginator(request -> request.bucket(AwsBox.BUCKET)
        .prefix("zones/raw/demo/sandbox_ads/insights/")).contents().stream()
        .filter(object -> object.key().contains("/page-")).count();
  }

  private static boolean waitingOnALock(AwsBox box) {
    try (Connection connection = box.warehouse();
        Statement statement = connection.createStatement();
        ResultSet waiting = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT"
            + " granted")) {
      waiting.next();
      return waiting.getLong(1) > 0;
    } catch (java.sql.SQLException e) {
      return false;
    }
  }

  private static WritableCredentialStore credentials(AwsBox box) {
    ControlStores stores = ControlStores.dynamoDb(TestingDynalite.client(), box.controlTable());
    return stores.credentials(new LocalKeyFiles(Path.of(box.profile().get("key-file"))),
        Clock.systemUTC());
  }

  /** No secret in any object (gunzipped), control-store item or stage log. */
  private static void noSecretIn(AwsBox box, List<String> secrets) throws Exception {
    assertThat(secrets).allSatisfy(secret -> assertThat(secret).hasSizeGreaterThan(8));
    List<String> places = new ArrayList<>();
    for (S3Object object : box.s3().listObjectsV2Paginator(request -> request
        .bucket(AwsBox.BUCKET)).contents()) {
      ResponseBytes<GetObjectResponse> bytes = box.s3().getObjectAsBytes(request -> request
          .bucket(AwsBox.BUCKET).key(object.key()));
      String text = object.key().endsWith(".gz")
          ? new String(new GZIPInputStream(new ByteArrayInputStream(bytes.asByteArray()))
              .readAllBytes(), StandardCharsets.ISO_8859_1)
          : new String(bytes.asByteArray(), StandardCharsets.ISO_8859_1);
      places.add("s3://" + AwsBox.BUCKET + "/" + object.key() + "\n" + text);
    }
    for (Map<String, AttributeValue> item : TestingDynalite.client().scanPaginator(request ->
        request.tableName(box.controlTable())).items()) {
      places.add("item " + item.get("pk") + "\n" + item);
    }
    // what the stages wrote locally: their logs and working folders (not the key file, nor the
    // test's own stages file, which holds the credentials it gives the stage processes)
    try (Stream<Path> logs = Files.walk(temp.resolve("box")).filter(Files::isRegularFile)
        .filter(file -> !file.startsWith(temp.resolve("box/key"))
            && !file.startsWith(temp.resolve("box/state-machine")))) {
      for (Path log : logs.toList()) {
        places.add(log + "\n" + Files.readString(log, StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(places).hasSizeGreaterThan(100);
    for (String place : places) {
      for (String secret : secrets) {
        assertThat(place).as("a secret in %s", place.lines().findFirst().orElse(""))
            .doesNotContain(secret);
      }
    }
  }
}
