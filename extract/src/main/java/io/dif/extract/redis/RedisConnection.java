package io.dif.extract.redis;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Redis that workers share for rate limits and run locks ({@code redis://[user:password@]host:port[/db]}).
 * When Redis cannot be reached the run fails with a retriable error naming the URL (without its
 * password): DIF never falls back to an unshared or unlimited request rate.
 */
public final class RedisConnection implements AutoCloseable {
  private static final Set<String> SCHEMES = Set.of("redis", "rediss");
  private final JedisPooled jedis;
  private final String redactedUrl;

  private RedisConnection(JedisPooled jedis, String redactedUrl) {
    this.jedis = jedis;
    this.redactedUrl = redactedUrl;
  }

  /**
   * Connects and checks the server answers; a {@link RetriableException} if it does not, a
   * {@link ConfigurationException} if {@code url} is not a Redis URL.
   */
  public static RedisConnection connect(String url) {
    URI uri = parse(url);
    String redacted = redact(uri);
    JedisPooled jedis;
    try {
      jedis = new JedisPooled(uri);
    } catch (RuntimeException e) {
      throw unavailable("connect to Redis", redacted, e);
    }
    RedisConnection connection = new RedisConnection(jedis, redacted);
    try {
      jedis.ping();
    } catch (JedisException e) {
      jedis.close();
      throw unavailable("connect to Redis", redacted, e);
    }
    return connection;
  }

  /** The URL as a URI, or a one-line configuration error that never shows its password. */
  static URI parse(String url) {
    String usage = "use redis://[user:password@]host[:port][/db] or rediss://...";
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw invalid(url, "not a URL; " + usage);
    }
    if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
      throw invalid(url, "the scheme must be redis or rediss; " + usage);
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw invalid(url, "no host (or a port that is not a number); " + usage);
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.matches("/\\d*")
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(url, "after the host only /DB (a number) may follow; " + usage);
    }
    return uri;
  }

  private static ConfigurationException invalid(String url, String reason) {
    // user info may hold a password: never print it, even from a URL that does not parse
    String shown = url.strip().replaceAll("(?<=//)[^/@]*@", "[hidden]@");
    if (!shown.contains("//") && shown.contains("@")) {
      shown = "[hidden]" + shown.substring(shown.lastIndexOf('@'));
    }
    return new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use Redis URL " + shown
        + ": " + reason);
  }

  /** The URL with any password replaced, for messages and logs. */
  public String url() {
    return redactedUrl;
  }

  public JedisPooled jedis() {
    return jedis;
  }

  /** The error for a Redis call that failed: retriable, naming the action and the URL. */
  public RetriableException failure(String action, RuntimeException cause) {
    return unavailable(action, redactedUrl, cause);
  }

  private static RetriableException unavailable(String action, String url, Throwable cause) {
    return new RetriableException(ErrorCode.COORDINATION_UNAVAILABLE, "Cannot " + action
        + ": Redis unreachable: " + url + " (" + cause.getMessage() + "); rate limits and run"
        + " locks are shared through it, so the run stops rather than go unlimited", cause);
  }

  static String redact(URI uri) {
    String userInfo = uri.getRawUserInfo();
    String shown = userInfo == null ? ""
        : (userInfo.contains(":") ? userInfo.substring(0, userInfo.indexOf(':')) + ":[hidden]"
            : "[hidden]") + "@";
    return uri.getScheme() + "://" + shown + uri.getHost() + (uri.getPort() < 0 ? ""
        : ":" + uri.getPort()) + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  @Override
  public void close() {
    jedis.close();
  }
}
