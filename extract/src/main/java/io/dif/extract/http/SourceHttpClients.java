package io.dif.extract.http;

import io.dif.core.config.SourceConfig;
import io.dif.core.credential.CredentialStore;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * Builds the HTTP client of one source: retry outermost (each attempt waits for the rate
 * limit), then rate limit, then authentication.
 */
public final class SourceHttpClients {
  private final OkHttpClient base;
  private final CredentialStore credentials;

  public SourceHttpClients(CredentialStore credentials) {
    this.credentials = credentials;
    this.base = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(30))
        .readTimeout(Duration.ofSeconds(120))
        .retryOnConnectionFailure(false)
        .build();
  }

  public OkHttpClient forSource(String client, SourceConfig source) {
    OkHttpClient.Builder builder = base.newBuilder()
        .addInterceptor(new RetryInterceptor(source.retry()));
    source.rateLimit().ifPresent(limit -> builder.addInterceptor(new RateLimitInterceptor(limit)));
    builder.addInterceptor(new AuthInterceptor(client, source.auth(), credentials));
    return builder.build();
  }
}
