package io.dif.extract.http;

import io.dif.core.config.AuthConfig;
import io.dif.core.config.KeyLocation;
import io.dif.core.credential.CredentialStore;
import java.io.IOException;
import okhttp3.Credentials;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds the source's credentials to each request, fetching them at the last moment. With OAuth2,
 * a 401 answer gets one more attempt with a refreshed access token.
 */
final class AuthInterceptor implements Interceptor {
  private final String client;
  private final AuthConfig auth;
  private final CredentialStore credentials;
  private final OAuth2Tokens tokens;

  /** @param tokens access tokens, for auth type oauth2 only (else null) */
  AuthInterceptor(String client, AuthConfig auth, CredentialStore credentials,
      OAuth2Tokens tokens) {
    this.client = client;
    this.auth = auth;
    this.credentials = credentials;
    this.tokens = tokens;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = withSecretHeaders(chain.request());
    switch (auth.type()) {
      case BEARER -> request = bearer(request, secret(auth.credential().orElseThrow()));
      case API_KEY -> request = apiKey(request);
      case BASIC -> request = request.newBuilder().header("Authorization", Credentials.basic(
          auth.username().orElseThrow(), secret(auth.credential().orElseThrow()))).build();
      case OAUTH2 -> {
        String token = tokens.accessToken();
        Response response = chain.proceed(bearer(request, token));
        if (response.code() != 401) {
          return response;
        }
        response.close();
        return chain.proceed(bearer(request, tokens.replaceRejected(token)));
      }
      case NONE -> { }
    }
    return chain.proceed(request);
  }

  private Request apiKey(Request request) {
    String key = secret(auth.credential().orElseThrow());
    if (auth.in() == KeyLocation.QUERY) {
      return request.newBuilder()
          .url(request.url().newBuilder().setQueryParameter(auth.param(), key).build()).build();
    }
    return request.newBuilder().header(auth.header(), key).build();
  }

  private Request withSecretHeaders(Request request) {
    if (auth.secretHeaders().isEmpty()) {
      return request;
    }
    Request.Builder builder = request.newBuilder();
    auth.secretHeaders().forEach((header, name) -> builder.header(header, secret(name)));
    return builder.build();
  }

  private static Request bearer(Request request, String token) {
    return request.newBuilder().header("Authorization", "Bearer " + token).build();
  }

  private String secret(String name) {
    return credentials.get(client, name).reveal();
  }
}
