package io.dif.extract.http;

import io.dif.core.config.AuthType;
import io.dif.core.config.SourceConfig;
import io.dif.core.credential.CredentialStore;
import io.dif.extract.limit.RateLimiter;
import io.dif.extract.limit.RateLimiters;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;

/**
 * Builds the HTTP clients of one source: retry outermost (each attempt waits out a throttle
 * pause of the source, then for the rate limit), then rate limit, then authentication. Pauses
 * and OAuth2 access tokens are kept per client and source for the life of this object.
 */
public final class SourceHttpClients {
  private final OkHttpClient base;
  private final CredentialStore credentials;
  private final Clock clock;
  private final RateLimiters limiters;
  private final Map<String, SourcePause> pauses = new ConcurrentHashMap<>();
  private final Map<String, OAuth2Tokens> tokens = new ConcurrentHashMap<>();

  public SourceHttpClients(CredentialStore credentials) {
    this(credentials, Clock.systemUTC());
  }

  /** @param clock decides token expiry and throttle pauses */
  public SourceHttpClients(CredentialStore credentials, Clock clock) {
    this(credentials, clock, RateLimiters.inProcess());
  }

  /**
   * @param limiters the request budgets of rate-limited sources: in process, or shared by every
   *     worker through Redis ({@link io.dif.extract.limit.RedisRateLimiters})
   */
  public SourceHttpClients(CredentialStore credentials, Clock clock, RateLimiters limiters) {
    this.credentials = credentials;
    this.clock = clock;
    this.limiters = limiters;
    this.base = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(30))
        .readTimeout(Duration.ofSeconds(120))
        .retryOnConnectionFailure(false)
        .build();
  }

  /** The credential store the clients take their secrets from. */
  public CredentialStore credentials() {
    return credentials;
  }

  /** The client for API requests of the source. Keys use the source name as well as client. */
  public OkHttpClient forSource(String client, String sourceName, SourceConfig source) {
    String key = client + "." + sourceName;
    Optional<RateLimiter> limiter = source.rateLimit()
        .map(limit -> limiters.forScope(limit.scopeOr(client, sourceName), limit));
    SourcePause pause = pauses.computeIfAbsent(key, k -> SourcePause.system(clock));
    OkHttpClient.Builder builder = base.newBuilder().addInterceptor(new RetryInterceptor(
        source.retry(), ThrottleRule.of(source.throttle()), pause, clock,
        wait -> limiter.ifPresent(shared -> shared.pause(wait))));
    limiter.ifPresent(shared -> builder.addInterceptor(new RateLimitInterceptor(shared)));
    builder.addInterceptor(auth(client, key, source));
    return builder.build();
  }

  /** Compatible entry point: one pause and token cache per client. */
  public OkHttpClient forSource(String client, SourceConfig source) {
    return forSource(client, "", source);
  }

  /**
   * The client for report downloads: retried, not rate limited (downloads usually come from a
   * file store, not the API), and authenticated only when {@code withAuth}: presigned URLs
   * refuse extra credentials.
   */
  public OkHttpClient forDownloads(String client, String sourceName, SourceConfig source,
      boolean withAuth) {
    String key = client + "." + sourceName;
    OkHttpClient.Builder builder = base.newBuilder()
        .addInterceptor(new RetryInterceptor(source.retry(), ThrottleRule.of(source.throttle()),
            SourcePause.system(clock), clock));
    if (withAuth) {
      builder.addInterceptor(auth(client, key, source));
    }
    return builder.build();
  }

  private AuthInterceptor auth(String client, String key, SourceConfig source) {
    OAuth2Tokens sourceTokens = source.auth().type() != AuthType.OAUTH2 ? null
        : tokens.computeIfAbsent(key, k -> new OAuth2Tokens(client, source.auth(), credentials,
            base.newBuilder().addInterceptor(new RetryInterceptor(source.retry(),
                ThrottleRule.of(source.throttle()), SourcePause.system(clock), clock)).build(),
            clock));
    return new AuthInterceptor(client, source.auth(), credentials, sourceTokens);
  }
}
