package io.dif.pipeline;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.zone.TableCatalog;
import io.dif.core.zone.ZoneLayout;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where everything of a deployment is: zones, client configs, the curated tables' catalog, the
 * control store and its key, Redis, the warehouses and the alert target. The same description
 * for every runtime: CLI options on a laptop, {@code --key value} arguments of a Glue job or
 * {@code spark-submit}, {@code DIF_*} environment variables in the extractor container (see
 * {@link ProfileKey}). It is checked like a client config: every problem at once, each naming
 * the setting, and a value that cannot work where it is given is refused.
 */
public final class DeploymentProfile {
  /** The shortest Redis lease: renewed every third of it, a shorter one would lapse on a GC. */
  static final Duration MINIMUM_LEASE = Duration.ofSeconds(3);
  static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
  private final Map<ProfileKey, String> values;
  private final Path dataDir;
  private final String zonesRoot;

  private DeploymentProfile(Map<ProfileKey, String> values, Path dataDir, String zonesRoot) {
    this.values = values;
    this.dataDir = dataDir;
    this.zonesRoot = zonesRoot;
  }

  /**
   * The profile of the settings given (blank values count as not given), checked.
   *
   * @throws ConfigurationException naming every setting that cannot work
   */
  public static DeploymentProfile of(Map<ProfileKey, String> given) {
    Map<ProfileKey, String> values = new EnumMap<>(ProfileKey.class);
    given.forEach((key, value) -> {
      if (value != null && !value.isBlank()) {
        values.put(key, value.trim());
      }
    });
    List<String> problems = new ArrayList<>();
    String dataDirSetting = values.getOrDefault(ProfileKey.DATA_DIR, "data");
    Path dataDir = Path.of("data");
    if (hasScheme(dataDirSetting)) {
      problems.add(setting(ProfileKey.DATA_DIR) + " must be a local folder, not "
          + dataDirSetting + " (zones on S3 are given with " + setting(ProfileKey.ZONES_ROOT)
          + " s3://bucket/prefix)");
    } else {
      dataDir = Path.of(dataDirSetting).toAbsolutePath().normalize();
    }
    String zonesRoot = values.containsKey(ProfileKey.ZONES_ROOT)
        ? zonesRoot(values.get(ProfileKey.ZONES_ROOT), problems) : dataDir.toString();
    boolean onS3 = zonesRoot.startsWith("s3://");
    Optional.ofNullable(values.get(ProfileKey.CONF_DIR)).filter(DeploymentProfile::hasScheme)
        .filter(dir -> !dir.startsWith("s3://"))
        .ifPresent(dir -> problems.add(setting(ProfileKey.CONF_DIR) + " must be a local folder"
            + " or s3://bucket/prefix, not " + dir));
    String catalog = values.getOrDefault(ProfileKey.CATALOG, "local");
    if (!catalog.equals("local") && !catalog.equals("glue") && !catalog.startsWith("jdbc:")) {
      problems.add(setting(ProfileKey.CATALOG) + " must be local, glue or a jdbc: URL, not "
          + catalog);
    } else if (onS3 && catalog.equals("local")) {
      problems.add(setting(ProfileKey.CATALOG) + " local keeps the table catalog in the data"
          + " folder of one machine, but the zones are on S3: give glue or a jdbc: URL");
    }
    Optional<String> control = Optional.ofNullable(values.get(ProfileKey.CONTROL_STORE));
    if (control.isPresent() && !control.get().startsWith("sqlite:")
        && !control.get().startsWith("dynamodb:")) {
      problems.add(setting(ProfileKey.CONTROL_STORE) + " must be sqlite:FILE or"
          + " dynamodb:TABLE[?region=R&endpoint=URL], not " + control.get());
    } else if (onS3 && control.map(store -> !store.startsWith("dynamodb:")).orElse(true)) {
      problems.add("the zones are on S3, so the stages may run on different machines: give "
          + setting(ProfileKey.CONTROL_STORE) + " dynamodb:TABLE (a SQLite control store is"
          + " one machine's)");
    }
    bothGiven(values, ProfileKey.KEY_FILE, ProfileKey.KMS_KEY_ID, problems);
    bothGiven(values, ProfileKey.REDIS_URL, ProfileKey.REDIS_URL_SECRET, problems);
    Optional.ofNullable(values.get(ProfileKey.REDIS_URL))
        .filter(url -> !url.startsWith("redis://") && !url.startsWith("rediss://"))
        .ifPresent(url -> problems.add(setting(ProfileKey.REDIS_URL) + " must be a redis:// or"
            + " rediss:// URL"));
    if (onS3 && !values.containsKey(ProfileKey.REDIS_URL)
        && !values.containsKey(ProfileKey.REDIS_URL_SECRET)) {
      problems.add("the zones are on S3, so run locks must hold across machines: give "
          + setting(ProfileKey.REDIS_URL) + " or " + setting(ProfileKey.REDIS_URL_SECRET));
    }
    Optional.ofNullable(values.get(ProfileKey.LOCK_LEASE)).filter(lease -> {
      try {
        return Duration.parse(lease).compareTo(MINIMUM_LEASE) < 0;
      } catch (java.time.format.DateTimeParseException e) {
        return true;
      }
    }).ifPresent(lease -> problems.add(setting(ProfileKey.LOCK_LEASE) + " must be an ISO-8601"
        + " duration of at least " + MINIMUM_LEASE + ", not " + lease));
    Optional.ofNullable(values.get(ProfileKey.S3_ENDPOINT))
        .filter(url -> !url.startsWith("http://") && !url.startsWith("https://"))
        .ifPresent(url -> problems.add(setting(ProfileKey.S3_ENDPOINT) + " must be an http://"
            + " or https:// URL, not " + url));
    prefix(values, ProfileKey.POSTGRES_URL, "jdbc:postgresql:", problems);
    prefix(values, ProfileKey.REDSHIFT_URL, "jdbc:redshift:", problems);
    Optional.ofNullable(values.get(ProfileKey.REDSHIFT_WRITE))
        .filter(write -> !write.equals("copy") && !write.equals("connector"))
        .ifPresent(write -> problems.add(setting(ProfileKey.REDSHIFT_WRITE) + " must be copy"
            + " or connector, not " + write));
    if (!problems.isEmpty()) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use the deployment"
          + " profile: " + String.join("; ", problems));
    }
    return new DeploymentProfile(values, dataDir, zonesRoot);
  }

  /** The setting's value when given. */
  public Optional<String> get(ProfileKey key) {
    return Optional.ofNullable(values.get(key));
  }

  /** The local working folder (absolute). */
  public Path dataDir() {
    return dataDir;
  }

  /** The zones' root: an absolute local folder or {@code s3://bucket/prefix}. */
  public ZoneLayout zones() {
    return new ZoneLayout(zonesRoot);
  }

  /** The zones as Spark (Hadoop) reads them: {@code s3a://} for S3. */
  public ZoneLayout sparkZones() {
    return new ZoneLayout(zonesOnS3() ? "s3a://" + zonesRoot.substring("s3://".length())
        : zonesRoot);
  }

  public boolean zonesOnS3() {
    return zonesRoot.startsWith("s3://");
  }

  /** The curated tables' catalog; table files under the Spark (s3a) form of the zones. */
  public TableCatalog tableCatalog() {
    return TableCatalog.of(sparkZones(), values.getOrDefault(ProfileKey.CATALOG, "local"));
  }

  /** Where the client config files are: a local folder or {@code s3://bucket/prefix}. */
  public String confDir() {
    return values.getOrDefault(ProfileKey.CONF_DIR, "conf/clients");
  }

  /** How long a run lock held in Redis outlives a worker that stopped renewing it. */
  public Duration lockLease() {
    return get(ProfileKey.LOCK_LEASE).map(Duration::parse).orElse(DEFAULT_LEASE);
  }

  /** The DuckDB warehouse file. */
  public Path warehouseFile() {
    return dataDir.resolve("warehouse.duckdb");
  }

  /** How this profile is given as a Glue argument or CLI option: {@code --zones-root}. */
  static String setting(ProfileKey key) {
    return "--" + key.argument() + " (" + key.environmentVariable() + ")";
  }

  private static String zonesRoot(String setting, List<String> problems) {
    if (setting.startsWith("s3://")) {
      URI uri = URI.create(setting.replaceAll("/+$", ""));
      if (uri.getHost() == null || uri.getHost().isBlank()) {
        problems.add(setting(ProfileKey.ZONES_ROOT) + " must name a bucket: s3://bucket/prefix,"
            + " not " + setting);
      }
      return setting.replaceAll("/+$", "");
    }
    if (setting.startsWith("s3a://") || setting.startsWith("s3n://")) {
      problems.add(setting(ProfileKey.ZONES_ROOT) + " must be given as s3://bucket/prefix"
          + " (Spark reads it through s3a:// by itself), not " + setting);
      return setting;
    }
    if (hasScheme(setting) && !setting.startsWith("file:")) {
      problems.add(setting(ProfileKey.ZONES_ROOT) + " must be a local folder or"
          + " s3://bucket/prefix, not " + setting);
      return setting;
    }
    String path = setting.startsWith("file:") ? URI.create(setting).getPath() : setting;
    return Path.of(path).toAbsolutePath().normalize().toString();
  }

  private static boolean hasScheme(String value) {
    return value.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !value.matches("^[A-Za-z]:\\\\.*");
  }

  private static void bothGiven(Map<ProfileKey, String> values, ProfileKey one, ProfileKey other,
      List<String> problems) {
    if (values.containsKey(one) && values.containsKey(other)) {
      problems.add("give " + setting(one) + " or " + setting(other) + ", not both");
    }
  }

  private static void prefix(Map<ProfileKey, String> values, ProfileKey key, String prefix,
      List<String> problems) {
    Optional.ofNullable(values.get(key)).filter(url -> !url.startsWith(prefix))
        .ifPresent(url -> problems.add(setting(key) + " must be a " + prefix + "//host:port/db"
            + " URL"));
  }
}
