package io.dif.pipeline;

import io.dif.control.ControlStores;
import io.dif.control.CredentialKeys;
import io.dif.control.KmsKeys;
import io.dif.control.LocalKeyFiles;
import io.dif.control.SqliteControlDatabase;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.extract.limit.RateLimiters;
import io.dif.extract.limit.RedisRateLimiters;
import io.dif.extract.lock.RedisRunLocks;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.raw.LocalRawStore;
import io.dif.extract.raw.RawStore;
import io.dif.extract.raw.S3RawStore;
import io.dif.extract.redis.RedisConnection;
import io.dif.load.CuratedTables;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The services a deployment profile describes, opened on first use and closed together: the
 * control store and its key, the raw store, S3, Redis limits and locks, client configs, the
 * curated tables and the warehouses. Every entry point (CLI, extractor container, Glue/EMR jobs)
 * runs its stage on one of these.
 */
public final class Deployment implements AutoCloseable {
  private final DeploymentProfile profile;
  private final Clock clock;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private ControlStores stores;
  private ControlPlane control;
  private S3Client s3;
  private RedisConnection redis;
  private final Map<io.dif.core.config.Warehouse, java.util.function.Supplier<
      io.dif.load.Loader>> loaders = new java.util.EnumMap<>(io.dif.core.config.Warehouse.class);

  private Deployment(DeploymentProfile profile, Clock clock) {
    this.profile = profile;
    this.clock = clock;
  }

  public static Deployment open(DeploymentProfile profile, Clock clock) {
    return new Deployment(profile, clock);
  }

  public DeploymentProfile profile() {
    return profile;
  }

  public Clock clock() {
    return clock;
  }

  /** The control store (states, checkpoints, fencing tokens, API keys, alerts). */
  public synchronized ControlStores stores() {
    if (stores == null) {
      stores = profile.get(ProfileKey.CONTROL_STORE).map(ControlStores::open)
          .orElseGet(() -> ControlStores.sqlite(SqliteControlDatabase.open(
              localFolder().resolve("control.db"))));
      opened.add(stores);
    }
    return stores;
  }

  /** The key that wraps credential keys: KMS when a key id is given, else the local key file. */
  public CredentialKeys keys() {
    return profile.get(ProfileKey.KMS_KEY_ID)
        .<CredentialKeys>map(id -> new KmsKeys(id, Optional.empty()))
        .orElseGet(() -> new LocalKeyFiles(profile.get(ProfileKey.KEY_FILE).map(Path::of)
            .orElseGet(() -> localFolder().resolve("keys").resolve("credentials.key"))));
  }

  public synchronized ControlPlane control() {
    if (control == null) {
      control = ControlPlane.open(stores(), keys(), clock);
    }
    return control;
  }

  /** S3, through the endpoint override when one is given (S3-compatible servers, emulators). */
  public synchronized S3Client s3() {
    if (s3 == null) {
      S3ClientBuilder builder = S3Client.builder().httpClientBuilder(ApacheHttpClient.builder());
      profile.get(ProfileKey.S3_ENDPOINT).ifPresent(endpoint -> builder
          .endpointOverride(URI.create(endpoint)).forcePathStyle(true));
      try {
        s3 = builder.build();
      } catch (SdkException e) {
        throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot open S3 for "
            + profile.zones().root() + ": " + e.getMessage() + " (set AWS_REGION)");
      }
      opened.add(s3);
    }
    return s3;
  }

  /** Where the extractor lands raw pages: the local zones, or S3 (multipart). */
  public RawStore rawStore() {
    return profile.zonesOnS3() ? new S3RawStore(s3(), profile.zones())
        : new LocalRawStore(profile.zones());
  }

  /** The client's config: {@code <conf-dir>/<client>.yaml}, a local file or an S3 object. */
  public ClientConfig client(String client) {
    String confDir = profile.confDir();
    ClientConfig config;
    if (confDir.startsWith("s3://")) {
      S3Url file = S3Url.of(confDir.replaceAll("/+$", "") + "/" + client + ".yaml");
      String text;
      try {
        text = s3().getObjectAsBytes(request -> request.bucket(file.bucket()).key(file.key()))
            .asString(StandardCharsets.UTF_8);
      } catch (NoSuchKeyException e) {
        throw new ConfigurationException(ErrorCode.CONFIG_NOT_FOUND, "Cannot find client "
            + client + ": no object " + file);
      } catch (SdkException e) {
        throw new RetriableException(ErrorCode.CONTROL_STORE_FAILED, "Cannot read the config of"
            + " client " + client + " from " + file + ": " + e.getMessage(), e);
      }
      config = new ClientConfigLoader().parse(file.toString(), text);
    } else {
      Path file = Path.of(confDir).resolve(client + ".yaml");
      if (!Files.isRegularFile(file)) {
        throw new ConfigurationException(ErrorCode.CONFIG_NOT_FOUND, "Cannot find client "
            + client + ": no file " + file + " (give --conf-dir)");
      }
      config = new ClientConfigLoader().load(file);
    }
    if (!config.client().equals(client)) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use the config of"
          + " client " + client + " in " + confDir + ": the file says client: "
          + config.client() + " (a client's file is named after it)");
    }
    return config;
  }

  /** Rate limiters and the extractor's stream locks; see {@link #locks}. */
  public record Limits(RateLimiters limiters, RunLocks locks) {}

  /** Shared rate limits (Redis) or this process's, with {@link #locks} waiting {@code wait}. */
  public Limits limits(Duration wait) {
    if (!sharesRedis()) {
      return new Limits(RateLimiters.inProcess(), locks(wait));
    }
    RedisRateLimiters limiters = new RedisRateLimiters(redis(), profile.lockLease());
    opened.add(limiters::close);
    return new Limits(limiters, locks(wait));
  }

  /**
   * Run locks: across machines through Redis when a Redis URL is given, else across the
   * processes of this machine (OS file locks in {@code <data-dir>/locks}); fencing tokens from
   * the control store either way.
   */
  public RunLocks locks(Duration wait) {
    if (wait.isNegative()) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use --lock-wait "
          + wait + ": it must not be negative");
    }
    if (sharesRedis()) {
      return new RedisRunLocks(redis(), control().fencingTokens(), profile.lockLease(), wait);
    }
    return RunLocks.onThisMachine(localFolder().resolve("locks"), control().fencingTokens(),
        wait);
  }

  private synchronized RedisConnection redis() {
    if (redis == null) {
      redis = RedisConnection.connect(redisUrl().orElseThrow());
      opened.add(redis::close);
    }
    return redis;
  }

  /** Whether limits and locks go through Redis: known from the profile, no secret read. */
  private boolean sharesRedis() {
    return profile.get(ProfileKey.REDIS_URL).isPresent()
        || profile.get(ProfileKey.REDIS_URL_SECRET).isPresent();
  }

  /** The Redis URL; a secret is read from Secrets Manager once, by {@link #redis()}. */
  private Optional<String> redisUrl() {
    Optional<String> secret = profile.get(ProfileKey.REDIS_URL_SECRET);
    if (secret.isEmpty()) {
      return profile.get(ProfileKey.REDIS_URL);
    }
    try (SecretsManagerClient secrets = SecretsManagerClient.builder()
        .httpClientBuilder(ApacheHttpClient.builder()).build()) {
      return Optional.of(secrets.getSecretValue(request -> request.secretId(secret.get()))
          .secretString().trim());
    } catch (SdkException e) {
      throw new RetriableException(ErrorCode.COORDINATION_UNAVAILABLE, "Cannot read the Redis URL"
          + " from secret " + secret.get() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The curated tables as the load reads them (no Spark): table files on S3 through
   * Iceberg's S3FileIO, with the endpoint override when one is given.
   */
  public CuratedTables curatedTables() {
    Map<String, String> io = new LinkedHashMap<>();
    if (profile.zonesOnS3()) {
      io.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
      io.put("http-client.type", "apache");
      profile.get(ProfileKey.S3_ENDPOINT).ifPresent(endpoint -> {
        io.put("s3.endpoint", endpoint);
        io.put("s3.path-style-access", "true");
      });
    }
    return new CuratedTables(profile.tableCatalog(), io);
  }

  /** The Spark (Hadoop s3a) settings the profile needs, as {@code spark.hadoop.*} keys. */
  public Map<String, String> hadoopSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    profile.get(ProfileKey.S3_ENDPOINT).ifPresent(endpoint -> {
      settings.put("fs.s3a.endpoint", endpoint);
      settings.put("fs.s3a.path.style.access", "true");
      settings.put("fs.s3a.connection.ssl.enabled", Boolean.toString(
          endpoint.startsWith("https://")));
    });
    return settings;
  }

  /**
   * Loads a warehouse with this loader instead of the profile's (the Glue load job's
   * spark-redshift connector path).
   */
  public synchronized Deployment useLoader(io.dif.core.config.Warehouse warehouse,
      java.util.function.Supplier<io.dif.load.Loader> loader) {
    loaders.put(warehouse, loader);
    return this;
  }

  synchronized java.util.Optional<io.dif.load.Loader> overriddenLoader(
      io.dif.core.config.Warehouse warehouse) {
    return java.util.Optional.ofNullable(loaders.get(warehouse)).map(
        java.util.function.Supplier::get);
  }

  /** The local working folder, created when missing. */
  public Path localFolder() {
    Path folder = profile.dataDir();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use data folder "
          + folder + ": " + e.getMessage() + " (give another with --data-dir)");
    }
    return folder;
  }

  @Override
  public synchronized void close() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        // closing a client never fails a run that did its work
      }
    }
    opened.clear();
  }
}
