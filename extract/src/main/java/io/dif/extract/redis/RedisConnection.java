package io.dif.extract.redis;

import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import java.net.URI;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Redis that workers share for rate limits and run locks ({@code redis://[user:password@]host:port[/db]}).
 * When Redis cannot be reached the run fails with a retriable error naming the URL (without its
 * password): DIF never falls back to an unshared or unlimited request rate.
 */
public final class RedisConnection implements AutoCloseable {
  private final JedisPooled jedis;
  private final String redactedUrl;

  private RedisConnection(JedisPooled jedis, String redactedUrl) {
    this.jedis = jedis;
    this.redactedUrl = redactedUrl;
  }

  /** Connects and checks the server answers; a {@link RetriableException} if it does not. */
  public static RedisConnection connect(String url) {
    URI uri = URI.create(url);
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
