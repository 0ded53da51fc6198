package io.dif.extract.http;

import io.dif.core.config.AuthConfig;
import io.dif.core.credential.CredentialStore;
import io.dif.core.credential.Secret;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/** Adds the source's credential to each request, fetching it at the last moment. */
final class AuthInterceptor implements Interceptor {
  private final String client;
  private final AuthConfig auth;
  private final CredentialStore credentials;

  AuthInterceptor(String client, AuthConfig auth, CredentialStore credentials) {
    this.client = client;
    this.auth = auth;
    this.credentials = credentials;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Request.Builder authorized = request.newBuilder();
    switch (auth.type()) {
      case BEARER -> authorized.header("Authorization", "Bearer " + secret().reveal());
      case API_KEY -> authorized.header(auth.header(), secret().reveal());
      case NONE -> { }
    }
    return chain.proceed(authorized.build());
  }

  private Secret secret() {
    return credentials.get(client, auth.credential().orElseThrow());
  }
}
