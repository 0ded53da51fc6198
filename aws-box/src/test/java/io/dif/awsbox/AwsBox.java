package io.dif.awsbox;

import io.dif.control.DynamoDbTables;
import io.dif.control.TestingDynalite;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import redis.embedded.RedisServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * AWS in a box: S3Proxy for S3, dynalite for the DynamoDB control store, embedded Redis for
 * limits and locks, embedded PostgreSQL for the Iceberg catalog (a JDBC catalog, as a
 * deployment without Glue would use) and in Redshift's place for the warehouse. The stages run
 * as separate processes started exactly as the state machine starts them: the extractor jar with
 * its {@code DIF_*} environment (the ECS task), and the Glue jobs' main classes with their
 * {@code --key value} arguments (Glue, spark-submit) on local Spark with {@code s3a://} zones.
 * KMS has no emulator here: the credential key is a local key file.
 */
public final class AwsBox implements AutoCloseable {
  public static final String BUCKET = "dif-box";
  public static final String ACCESS_KEY = "box-access-key";
  /** The S3 secret key: a secret that must never appear in an object, item or log. */
  public static final String SECRET_KEY = "box-secret-key-5f1c9a";
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private final Path work;
  private final S3Proxy proxy;
  private final S3Client s3;
  private final RedisServer redis;
  private final String redisUrl;
  private final EmbeddedPostgres postgres;
  private final String controlTable;
  private final AtomicInteger processes = new AtomicInteger();

  private AwsBox(Path work) throws Exception {
    this.work = work;
    BlobStoreContext context = ContextBuilder.newBuilder("transient")
        .credentials("identity", "credential").overrides(new Properties())
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder().blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
    s3 = S3Client.builder().endpointOverride(URI.create(s3Endpoint()))
        .region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
    s3.createBucket(request -> request.bucket(BUCKET));
    int port = freePort();
    redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly no").build();
    redis.start();
    redisUrl = "redis://127.0.0.1:" + port;
    postgres = EmbeddedPostgres.builder().start();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE catalog");
      statement.execute("CREATE DATABASE warehouse");
    }
    controlTable = "dif-box-" + ProcessHandle.current().pid();
    DynamoDbTables.create(TestingDynalite.client(), controlTable);
  }

  /** Starts every server; the working folder holds the stages' local folders and logs. */
  public static AwsBox start(Path work) throws Exception {
    Files.createDirectories(work.resolve("logs"));
    return new AwsBox(work);
  }

  /** Uploads a client config to {@code s3://dif-box/conf/clients/CLIENT.yaml}. */
  public void uploadClient(String client, String yaml) {
    s3.putObject(request -> request.bucket(BUCKET).key("conf/clients/" + client + ".yaml"),
        RequestBody.fromString(yaml, StandardCharsets.UTF_8));
  }

  /**
   * The demo client as deployed here: the same sources and datasets, loaded into PostgreSQL
   * (in Redshift's place) instead of the DuckDB file.
   */
  public static String demoOnPostgres() throws IOException {
    String demo = Files.readString(ROOT.resolve("conf/clients/demo.yaml"));
    String onPostgres = demo.replace("destination: { table:",
        "destination: { warehouse: postgres, table:");
    if (onPostgres.equals(demo)) {
      throw new IllegalStateException("conf/clients/demo.yaml has no destination to move");
    }
    return onPostgres;
  }

  public S3Client s3() {
    return s3;
  }

  public String s3Endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  public String controlStore() {
    return "dynamodb:" + controlTable + "?region=us-east-1&endpoint="
        + TestingDynalite.endpoint();
  }

  public String controlTable() {
    return controlTable;
  }

  public String warehouseUrl() {
    return postgres.getJdbcUrl("postgres", "warehouse");
  }

  public Connection warehouse() throws SQLException {
    return DriverManager.getConnection(warehouseUrl());
  }

  /** The deployment profile every stage gets (as DIF_* variables or --key value arguments). */
  public Map<String, String> profile() {
    Map<String, String> profile = new LinkedHashMap<>();
    profile.put("zones-root", "s3://" + BUCKET + "/zones");
    profile.put("conf-dir", "s3://" + BUCKET + "/conf/clients");
    profile.put("catalog", postgres.getJdbcUrl("postgres", "catalog"));
    profile.put("control-store", controlStore());
    profile.put("key-file", work.resolve("key/credentials.key").toString());
    profile.put("redis-url", redisUrl);
    // a killed stage's lock lapses after 10 s instead of a minute: restarts wait less
    profile.put("lock-lease", "PT10S");
    profile.put("s3-endpoint", s3Endpoint());
    profile.put("postgres-url", "jdbc:postgresql://localhost:" + postgres.getPort()
        + "/warehouse");
    profile.put("warehouse-credential", "warehouse");
    return profile;
  }

  /** The environment of every stage process: AWS credentials and region, as a task role gives. */
  private Map<String, String> awsEnvironment() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
        "AWS_REGION", "us-east-1", "DIF_LOG_LEVEL", "info");
  }

  /** The extractor container: {@code java -jar dif-extractor.jar extract ...} with DIF_*. */
  public Stage extract(String... args) throws IOException {
    List<String> command = new ArrayList<>(extractorCommand());
    command.add("extract");
    command.addAll(List.of(args));
    return start("extract", command, extractorEnvironment());
  }

  /** The container's entry point (its image runs {@code java -jar /app/dif-extractor.jar}). */
  public List<String> extractorCommand() {
    return List.of(java(), "-Xmx512m", "-jar",
        ROOT.resolve("extractor/target/dif-extractor.jar").toString());
  }

  /** The container's environment: the profile as DIF_* variables, AWS credentials. */
  public Map<String, String> extractorEnvironment() {
    Map<String, String> environment = new LinkedHashMap<>(awsEnvironment());
    profile().forEach((key, value) -> environment.put(
        "DIF_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'), value));
    environment.put("DIF_DATA_DIR", work.resolve("extractor").toString());
    return environment;
  }

  /** The Glue transform job's main class on local Spark, its profile as job arguments. */
  public Stage transform(String... args) throws IOException {
    List<String> command = new ArrayList<>(jobCommand("transform"));
    command.addAll(List.of(args));
    return start("transform", command, awsEnvironment());
  }

  /** The Glue load job's main class, its profile as job arguments. */
  public Stage load(String... args) throws IOException {
    List<String> command = new ArrayList<>(jobCommand("load"));
    command.addAll(List.of(args));
    return start("load", command, awsEnvironment());
  }

  /**
   * A Glue job run as a process: its main class with the job's default arguments (the profile
   * and what Glue adds); the run's own arguments ({@code --client ...}) come after.
   */
  public List<String> jobCommand(String stage) {
    String mainClass = stage.equals("transform") ? "io.dif.glue.TransformJob"
        : "io.dif.glue.LoadJob";
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx1g"));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("--add-opens")
            || argument.startsWith("-Djdk.reflect"))
        .forEach(command::add);
    command.addAll(List.of("-Duser.timezone=UTC", "-Dspark.master=local[2]",
        "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
        "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.sql.shuffle.partitions=4",
        "-cp", System.getProperty("java.class.path"), mainClass,
        // what Glue adds to every job run (ignored by the job)
        "--job-bookmark-option", "job-bookmark-disable"));
    profile().forEach((key, value) -> command.addAll(List.of("--" + key, value)));
    command.addAll(List.of("--data-dir", work.resolve(stage + "-job").toString()));
    return command;
  }

  /** The environment of a Glue job run here: AWS credentials and region (its IAM role's). */
  public Map<String, String> jobEnvironment() {
    return awsEnvironment();
  }

  private Stage start(String name, List<String> command, Map<String, String> environment)
      throws IOException {
    int number = processes.incrementAndGet();
    Path out = work.resolve("logs").resolve(String.format("%02d-%s.out", number, name));
    Path err = work.resolve("logs").resolve(String.format("%02d-%s.err", number, name));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).directory(work.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("DIF_")
        || key.startsWith("AWS_"));
    builder.environment().putAll(environment);
    return new Stage(name, builder.start(), out, err);
  }

  /** A stage process; its output goes to files in the box's log folder. */
  public record Stage(String name, Process process, Path outFile, Path errFile) {
    /** Waits for the end; the exit code. */
    public int await() throws Exception {
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(name + " did not end within 300 s: " + err());
      }
      return process.exitValue();
    }

    public String err() throws IOException {
      return Files.readString(errFile, StandardCharsets.UTF_8);
    }

    public String out() throws IOException {
      return Files.readString(outFile, StandardCharsets.UTF_8);
    }

    /** SIGKILL: the process ends at once, as an instance stopped under it. */
    public void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Every row of the demo's tables as text without the load time, sorted. */
  public static Map<String, List<String>> rows(Connection connection, List<String> tables)
      throws SQLException {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement()) {
      for (String table : tables) {
        List<String> lines = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
          int columns = result.getMetaData().getColumnCount();
          while (result.next()) {
            StringBuilder line = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
              if (!result.getMetaData().getColumnName(i).equals("_loaded_at")) {
                line.append(result.getString(i)).append('|');
              }
            }
            lines.add(line.toString());
          }
        }
        lines.sort(null);
        rows.put(table, lines);
      }
    }
    return rows;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    s3.close();
    proxy.stop();
    redis.stop();
    postgres.close();
  }
}
