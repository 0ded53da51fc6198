package io.dif.control;

import io.dif.core.alert.AlertLedger;
import io.dif.core.apikey.ApiKeyStore;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.state.CheckpointStore;
import io.dif.core.state.ErasureLedger;
import io.dif.core.state.FencingTokens;
import io.dif.core.state.StateStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The control store a process uses, chosen by one URL, so entry points pick the backend from
 * config and the rest of the code sees only the interfaces of {@code io.dif.core.state} and
 * {@code io.dif.core.credential}.
 *
 * <pre>
 * sqlite:PATH                                    the embedded file (default sqlite:data/control.db)
 * dynamodb:TABLE[?region=REGION&amp;endpoint=URL]     DynamoDB; AWS credentials and (without region)
 *                                                the region from the default provider chains
 * </pre>
 * The URL carries no secret: AWS credentials never go in it.
 */
public final class ControlStores implements AutoCloseable {
  public static final String DEFAULT_URL = "sqlite:" + SqliteControlDatabase.DEFAULT_FILE;
  private static final Set<String> DYNAMODB_OPTIONS = Set.of("region", "endpoint");

  private final String location;
  private final SqliteControlDatabase sqlite;
  private final DynamoDbClient dynamoDb;
  private final String table;
  private final boolean ownsClient;

  private ControlStores(String location, SqliteControlDatabase sqlite, DynamoDbClient dynamoDb,
      String table, boolean ownsClient) {
    this.location = location;
    this.sqlite = sqlite;
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.ownsClient = ownsClient;
  }

  /** Opens the store named by {@code url} (see the class comment). */
  public static ControlStores open(String url) {
    Location parsed = Location.parse(url);
    if (parsed.scheme().equals("sqlite")) {
      return sqlite(SqliteControlDatabase.open(Path.of(parsed.target())));
    }
    DynamoDbClientBuilder builder = DynamoDbClient.builder()
        .httpClientBuilder(ApacheHttpClient.builder());
    parsed.region().map(Region::of).ifPresent(builder::region);
    parsed.endpoint().map(URI::create).ifPresent(builder::endpointOverride);
    DynamoDbClient client;
    try {
      client = builder.build();
    } catch (RuntimeException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot open control store "
          + url + ": " + e.getMessage() + " (set region=... in the URL or AWS_REGION)");
    }
    return new ControlStores(url, null, client, parsed.target(), true);
  }

  public static ControlStores sqlite(SqliteControlDatabase database) {
    return new ControlStores("sqlite:" + database.file(), database, null, null, false);
  }

  /** DynamoDB through a client the caller built and closes. */
  public static ControlStores dynamoDb(DynamoDbClient client, String table) {
    return new ControlStores("dynamodb:" + table, null, client, table, false);
  }

  /** Where the stores live, for messages: the URL (it holds no secret). */
  public String location() {
    return location;
  }

  public StateStore states(Clock clock) {
    return sqlite != null ? new SqliteStateStore(sqlite, clock)
        : new DynamoDbStateStore(dynamoDb, table, clock);
  }

  public CheckpointStore checkpoints(Clock clock) {
    return sqlite != null ? new SqliteCheckpointStore(sqlite, clock)
        : new DynamoDbCheckpointStore(dynamoDb, table, clock);
  }

  public FencingTokens fencingTokens() {
    return sqlite != null ? new SqliteFencingTokens(sqlite)
        : new DynamoDbFencingTokens(dynamoDb, table);
  }

  public EncryptedCredentialStore credentials(CredentialKeys keys, Clock clock) {
    return sqlite != null ? new SqliteCredentialStore(sqlite, keys, clock)
        : new DynamoDbCredentialStore(dynamoDb, table, keys, clock);
  }

  public ApiKeyStore apiKeys() {
    return sqlite != null ? new SqliteApiKeyStore(sqlite)
        : new DynamoDbApiKeyStore(dynamoDb, table);
  }

  public AlertLedger alerts() {
    return sqlite != null ? new SqliteAlertLedger(sqlite)
        : new DynamoDbAlertLedger(dynamoDb, table);
  }

  public ErasureLedger erasures() {
    return sqlite != null ? new SqliteErasureLedger(sqlite)
        : new DynamoDbErasureLedger(dynamoDb, table);
  }

  @Override
  public void close() {
    if (ownsClient) {
      dynamoDb.close();
    }
  }

  /** A parsed store URL: {@code target} is the SQLite path or the DynamoDB table. */
  record Location(String scheme, String target, Optional<String> region,
      Optional<String> endpoint) {

    static Location parse(String url) {
      String usage = "use sqlite:PATH or dynamodb:TABLE[?region=REGION&endpoint=URL]";
      int colon = url == null ? -1 : url.indexOf(':');
      String scheme = colon < 0 ? "" : url.substring(0, colon);
      String rest = colon < 0 ? "" : url.substring(colon + 1);
      if (scheme.equals("sqlite") && !rest.isBlank()) {
        return new Location(scheme, rest, Optional.empty(), Optional.empty());
      }
      if (!scheme.equals("dynamodb")) {
        throw invalid(url, "unknown kind of store; " + usage);
      }
      int question = rest.indexOf('?');
      String table = question < 0 ? rest : rest.substring(0, question);
      if (!table.matches("[A-Za-z0-9_.-]{3,255}")) {
        throw invalid(url, "a DynamoDB table name has 3 to 255 letters, digits, _ . or -; "
            + usage);
      }
      Map<String, String> options = new LinkedHashMap<>();
      if (question >= 0) {
        for (String pair : rest.substring(question + 1).split("&")) {
          int equals = pair.indexOf('=');
          String name = equals < 0 ? pair : pair.substring(0, equals);
          if (equals < 0 || !DYNAMODB_OPTIONS.contains(name) || options.containsKey(name)) {
            throw invalid(url, "option \"" + name + "\" is not one of " + DYNAMODB_OPTIONS
                + " given once with a value; " + usage);
          }
          options.put(name, pair.substring(equals + 1));
        }
      }
      Optional<String> endpoint = Optional.ofNullable(options.get("endpoint"));
      if (endpoint.isPresent()) {
        URI uri;
        try {
          uri = URI.create(endpoint.get());
        } catch (IllegalArgumentException e) {
          throw invalid(url, "the endpoint is not a URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null
            || !Set.of("http", "https").contains(uri.getScheme())) {
          throw invalid(url, "the endpoint must be http(s)://HOST[:PORT] without user info");
        }
      }
      return new Location(scheme, table, Optional.ofNullable(options.get("region")), endpoint);
    }

    private static ConfigurationException invalid(String url, String reason) {
      // the URL is shown only up to its query: an endpoint with user info is never printed
      String shown = url == null ? "(none)" : url.replaceAll("\\?.*", "?...");
      return new ConfigurationException(ErrorCode.CONFIG_INVALID,
          "Cannot open control store " + shown + ": " + reason);
    }
  }
}
