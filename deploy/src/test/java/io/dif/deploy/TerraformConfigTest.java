package io.dif.deploy;

import static io.dif.deploy.TerraformFiles.blockList;
import static io.dif.deploy.TerraformFiles.map;
import static io.dif.deploy.TerraformFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.control.DynamoDbTables;
import io.dif.pipeline.ProfileKey;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Terraform files against the code they deploy: settings, jobs, table and buckets. */
class TerraformConfigTest {
  /** Arguments every stage entry point accepts besides the deployment profile. */
  static final Set<String> JOB_ARGUMENTS = Set.of("client", "dataset", "from", "to", "reprocess",
      "lock-wait");
  /**
   * Glue's own job parameters (AWS Glue "Using job parameters"): Glue reads them, the entry
   * points ignore them.
   */
  static final Set<String> GLUE_PARAMETERS = Set.of("job-language", "class", "extra-jars",
      "user-jars-first", "datalake-formats", "job-bookmark-option", "TempDir", "enable-metrics",
      "enable-continuous-cloudwatch-log", "enable-observability-metrics", "enable-spark-ui",
      "spark-event-logs-path", "conf", "extra-files", "enable-glue-datacatalog",
      "enable-auto-scaling", "JOB_ID", "JOB_RUN_ID", "JOB_NAME");
  /** What the entry points need in AWS; the rest of the profile has working defaults. */
  static final List<ProfileKey> REQUIRED_IN_AWS = List.of(ProfileKey.ZONES_ROOT,
      ProfileKey.CONF_DIR, ProfileKey.CATALOG, ProfileKey.CONTROL_STORE, ProfileKey.KMS_KEY_ID,
      ProfileKey.ALERT_TARGET);
  private static final Pattern ARGUMENT = Pattern.compile("[\"']--([A-Za-z][A-Za-z0-9_-]*)"
      + "(?:\\.\\$)?[\"']");
  private static final Pattern VARIABLE = Pattern.compile("\\bDIF_[A-Z0-9_]+\\b");

  private static TerraformFiles terraform;

  @BeforeAll
  static void parse() {
    terraform = new TerraformFiles();
  }

  @Test
  void everyArgumentAndVariableNamedInTerraformIsOneTheEntryPointsAccept() {
    Set<String> profileArguments = Arrays.stream(ProfileKey.values()).map(ProfileKey::argument)
        .collect(Collectors.toSet());
    Set<String> variables = Arrays.stream(ProfileKey.values())
        .map(ProfileKey::environmentVariable).collect(Collectors.toSet());
    List<String> unknown = new ArrayList<>();
    Set<String> named = new TreeSet<>();
    terraform.texts().forEach((file, text) -> {
      Matcher argument = ARGUMENT.matcher(text);
      while (argument.find()) {
        String name = argument.group(1);
        named.add("--" + name);
        if (!profileArguments.contains(name) && !JOB_ARGUMENTS.contains(name)
            && !GLUE_PARAMETERS.contains(name)) {
          unknown.add(TerraformFiles.REPO.relativize(file) + ": --" + name);
        }
      }
      // environment variables are set in Terraform only; the state machine names
      // DIF_EXIT_CODE, the Glue error-message token, which is no variable
      Matcher variable = VARIABLE.matcher(file.equals(TerraformFiles.STATE_MACHINE) ? "" : text);
      while (variable.find()) {
        named.add(variable.group());
        if (!variables.contains(variable.group())) {
          unknown.add(TerraformFiles.REPO.relativize(file) + ": " + variable.group());
        }
      }
    });
    assertThat(unknown).as("arguments and variables no entry point accepts").isEmpty();
    // the scan found what the deployment gives (so it cannot pass by finding nothing)
    assertThat(named).contains("--zones-root", "--class", "--client", "--from", "--to",
        "--reprocess", "DIF_ZONES_ROOT", "DIF_REDIS_URL");
  }

  @Test
  void theExtractorGetsTheRequiredProfileAndRedisOnlyAsASecret() {
    Map<String, Object> environment = map(terraform.moduleCall("extractor").get("environment"));
    for (ProfileKey key : REQUIRED_IN_AWS) {
      assertThat(environment).as("extractor environment").containsKey(key.environmentVariable());
    }
    assertThat(text(environment.get("DIF_CATALOG"))).isEqualTo("glue");
    assertThat(environment).as("secrets are not plain environment")
        .doesNotContainKeys("DIF_REDIS_URL", "DIF_POSTGRES_PASSWORD");
    String taskDefinition = TerraformFiles.read(
        TerraformFiles.TERRAFORM.resolve("modules/extractor/main.tf"));
    assertThat(taskDefinition).containsPattern(
        "secrets\\s*=\\s*\\[\\{\\s*name\\s*=\\s*\"DIF_REDIS_URL\"\\s*valueFrom\\s*=\\s*"
            + "var\\.redis_secret_arn");
    assertThat(taskDefinition).contains("entryPoint = [\"java\", \"-jar\","
        + " \"/app/dif-extractor.jar\"]");
  }

  @Test
  void theGlueJobsGetTheRequiredProfileWithoutSecrets() {
    Map<String, Object> glue = terraform.moduleCall("glue");
    Map<String, Object> profile = map(glue.get("profile_arguments"));
    for (ProfileKey key : REQUIRED_IN_AWS) {
      assertThat(profile).as("Glue profile arguments").containsKey("--" + key.argument());
    }
    assertThat(profile).containsKey("--" + ProfileKey.REDIS_URL_SECRET.argument())
        .as("job arguments are logged: the Redis URL goes by secret ARN")
        .doesNotContainKey("--" + ProfileKey.REDIS_URL.argument());
    assertThat(map(glue.get("load_arguments"))).containsKeys(
        "--" + ProfileKey.REDSHIFT_URL.argument(), "--" + ProfileKey.REDSHIFT_IAM_ROLE.argument());

    Map<String, Object> common = map(terraform.locals("modules/glue").get("common_arguments"));
    assertThat(text(common.get("--datalake-formats"))).isEqualTo("iceberg");
    assertThat(text(common.get("--job-bookmark-option"))).isEqualTo("job-bookmark-disable");
    assertThat(text(common.get("--job-language"))).isEqualTo("scala");
    assertThat(common).containsKey("--extra-jars");
    Map<String, Map<String, Object>> jobs = terraform.resources("aws_glue_job");
    assertThat(jobs).hasSize(1);
    Map<String, Object> job = jobs.values().iterator().next();
    assertThat(text(job.get("glue_version"))).isEqualTo("5.0");
    assertThat(text(job.get("security_configuration"))).startsWith("aws_glue_security_configuration.");
    assertThat(GlueJobClassesIT.jobClasses(terraform)).containsOnlyKeys("transform", "load");
  }

  @Test
  void theControlTableIsTheOneTheCodeCreates() throws ReflectiveOperationException {
    Map<String, Map<String, Object>> tables = terraform.resources("aws_dynamodb_table");
    assertThat(tables).hasSize(1);
    Map<String, Object> table = tables.values().iterator().next();
    String pk = constant("PK");
    String sk = constant("SK");
    String docClient = constant("DOC_CLIENT");
    String docClientState = constant("DOC_CLIENT_STATE");
    String docOrder = constant("DOC_ORDER");
    assertThat(text(table.get("billing_mode"))).isEqualTo("PAY_PER_REQUEST");
    assertThat(text(table.get("hash_key"))).isEqualTo(pk);
    assertThat(text(table.get("range_key"))).isEqualTo(sk);
    Map<String, String> attributes = new LinkedHashMap<>();
    blockList(table.get("attribute")).forEach(a -> attributes.put(text(a.get("name")),
        text(a.get("type"))));
    assertThat(attributes).isEqualTo(Map.of(pk, "S", sk, "S", docClient, "S", docClientState, "S",
        docOrder, "S"));
    Map<String, List<String>> indexes = new LinkedHashMap<>();
    blockList(table.get("global_secondary_index")).forEach(index -> indexes.put(
        text(index.get("name")), List.of(text(index.get("hash_key")),
            text(index.get("range_key")), text(index.get("projection_type")))));
    assertThat(indexes).isEqualTo(Map.of(
        DynamoDbTables.BY_CLIENT, List.of(docClient, docOrder, "ALL"),
        DynamoDbTables.BY_CLIENT_STATE, List.of(docClientState, docOrder, "ALL")));
    assertThat(map(table.get("point_in_time_recovery")).get("enabled")).isEqualTo(true);
    Map<String, Object> encryption = map(table.get("server_side_encryption"));
    assertThat(encryption.get("enabled")).isEqualTo(true);
    assertThat(encryption).containsKey("kms_key_arn");
  }

  private static String constant(String name) throws ReflectiveOperationException {
    Field field = DynamoDbTables.class.getDeclaredField(name);
    field.setAccessible(true);
    return (String) field.get(null);
  }

  @Test
  void everyBucketIsEncryptedWithTheKeyPrivateAndTlsOnly() {
    Map<String, Map<String, Object>> buckets = terraform.resources("aws_s3_bucket");
    assertThat(buckets).isNotEmpty();
    for (String bucket : buckets.keySet()) {
      String reference = bucket.substring(bucket.indexOf(": ") + 2);
      Map<String, Object> encryption = forBucket("aws_s3_bucket_server_side_encryption_configuration",
          reference);
      Map<String, Object> byDefault = map(map(encryption.get("rule"))
          .get("apply_server_side_encryption_by_default"));
      assertThat(text(byDefault.get("sse_algorithm"))).as(bucket).isEqualTo("aws:kms");
      assertThat(byDefault).as(bucket).containsKey("kms_master_key_id");

      Map<String, Object> publicAccess = forBucket("aws_s3_bucket_public_access_block", reference);
      for (String setting : List.of("block_public_acls", "block_public_policy",
          "ignore_public_acls", "restrict_public_buckets")) {
        assertThat(publicAccess.get(setting)).as(bucket + " " + setting).isEqualTo(true);
      }

      Map<String, Object> policy = forBucket("aws_s3_bucket_policy", reference);
      String document = text(policy.get("policy"));
      Matcher name = Pattern.compile("^data\\.aws_iam_policy_document\\.([a-z_0-9]+)\\.")
          .matcher(document);
      assertThat(name.find()).as("%s: policy from a policy document, found %s", bucket, document)
          .isTrue();
      Map<String, Object> statements = terraform.dataSources("aws_iam_policy_document")
          .entrySet().stream().filter(e -> e.getKey().endsWith("." + name.group(1)))
          .findFirst().orElseThrow().getValue();
      assertThat(blockList(statements.get("statement"))).as(bucket + " TLS-only policy")
          .anySatisfy(statement -> {
            assertThat(text(statement.get("effect"))).isEqualTo("Deny");
            Map<String, Object> condition = map(statement.get("condition"));
            assertThat(text(condition.get("variable"))).isEqualTo("aws:SecureTransport");
            assertThat(text(condition.get("test"))).isEqualTo("Bool");
            assertThat(condition.get("values")).asList().containsExactly("false");
          });
    }
  }

  /** The resource of this type that applies to the bucket, by for_each or by its bucket. */
  private static Map<String, Object> forBucket(String type, String bucketReference) {
    return terraform.resources(type).values().stream()
        .filter(resource -> text(resource.get("for_each")).equals(bucketReference)
            || text(resource.get("bucket")).startsWith(bucketReference + "."))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No " + type + " for " + bucketReference));
  }

  @Test
  void theScheduleKeysTerraformReadsAreTheConfigsKeys() throws IOException {
    JsonNode schema = new ObjectMapper().readTree(TerraformFiles.REPO
        .resolve("conf/client-config.schema.json").toFile());
    Set<String> keys = new TreeSet<>();
    Iterator<String> names = schema.path("$defs").path("ScheduleConfig").path("properties")
        .fieldNames();
    names.forEachRemaining(keys::add);
    assertThat(keys).isNotEmpty();
    String main = TerraformFiles.read(TerraformFiles.TERRAFORM.resolve("main.tf"));
    Matcher read = Pattern.compile("client\\.schedule\\.([a-z_]+)").matcher(main);
    Set<String> used = new TreeSet<>();
    while (read.find()) {
      used.add(read.group(1));
    }
    assertThat(used).isEqualTo(keys);
    assertThat(main).contains(ScheduleRendering.TERRAFORM_EXPRESSION);
  }

  static Path relative(Path file) {
    return TerraformFiles.REPO.relativize(file);
  }
}
