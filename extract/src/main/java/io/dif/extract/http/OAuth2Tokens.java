package io.dif.extract.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.config.AuthConfig;
import io.dif.core.credential.CredentialKind;
import io.dif.core.credential.CredentialStore;
import io.dif.core.credential.Secret;
import io.dif.core.credential.WritableCredentialStore;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Access tokens of one source from the OAuth2 refresh-token flow. A token is cached until shortly
 * before it expires; it is refreshed then, or when the API rejects it with 401. Only one thread
 * of the process refreshes at a time; the others wait and use its token. A refresh token the
 * server rotates is stored back before the new access token is used, so a crash cannot lose it.
 */
public final class OAuth2Tokens {
  /** Refresh this long before the announced expiry, so no request leaves with a dying token. */
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);
  private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String client;
  private final AuthConfig auth;
  private final CredentialStore credentials;
  private final OkHttpClient http;
  private final Clock clock;
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile Token current;

  private record Token(String value, Instant refreshAt) {}

  OAuth2Tokens(String client, AuthConfig auth, CredentialStore credentials, OkHttpClient http,
      Clock clock) {
    this.client = client;
    this.auth = auth;
    this.credentials = credentials;
    this.http = http;
    this.clock = clock;
  }

  /** A valid access token, refreshed first if the cached one expired. */
  String accessToken() throws IOException {
    Token token = current;
    if (token != null && clock.instant().isBefore(token.refreshAt())) {
      return token.value();
    }
    refreshing.lock();
    try {
      token = current;
      if (token != null && clock.instant().isBefore(token.refreshAt())) {
        return token.value();
      }
      current = refresh();
      return current.value();
    } finally {
      refreshing.unlock();
    }
  }

  /** A token other than {@code rejected}: another thread's fresh one, or a new refresh. */
  String replaceRejected(String rejected) throws IOException {
    refreshing.lock();
    try {
      Token token = current;
      if (token != null && !token.value().equals(rejected)
          && clock.instant().isBefore(token.refreshAt())) {
        return token.value();
      }
      current = refresh();
      return current.value();
    } finally {
      refreshing.unlock();
    }
  }

  private Token refresh() throws IOException {
    String refreshName = auth.credential().orElseThrow();
    Secret refreshToken = credentials.get(client, refreshName);
    FormBody.Builder form = new FormBody.Builder()
        .add("grant_type", "refresh_token")
        .add("refresh_token", refreshToken.reveal());
    auth.clientId().ifPresent(id -> form.add("client_id", id));
    auth.clientSecret().ifPresent(name -> form.add("client_secret",
        credentials.get(client, name).reveal()));
    auth.scope().ifPresent(scope -> form.add("scope", scope));
    String tokenUrl = auth.tokenUrl().orElseThrow();
    Request request = new Request.Builder().url(tokenUrl).post(form.build())
        .header("Accept", "application/json").build();
    JsonNode answer;
    try (Response response = http.newCall(request).execute()) {
      String text = response.body() == null ? "" : response.body().string();
      if (!response.isSuccessful()) {
        String message = "Cannot refresh access token of client " + client + " (credential "
            + refreshName + ") at " + tokenUrl + ": HTTP " + response.code() + ": "
            + errorText(text);
        if (response.code() == 429 || response.code() >= 500) {
          throw new RetriableException(ErrorCode.HTTP_RETRIES_EXHAUSTED, message, null);
        }
        throw new ConfigurationException(ErrorCode.AUTH_REFRESH_FAILED, message);
      }
      answer = JSON.readTree(text);
    }
    String accessToken = answer.path("access_token").asText("");
    if (accessToken.isEmpty()) {
      throw new ConfigurationException(ErrorCode.AUTH_REFRESH_FAILED, "Cannot refresh access"
          + " token of client " + client + " at " + tokenUrl + ": the answer has no access_token");
    }
    String rotated = answer.path("refresh_token").asText("");
    if (!rotated.isEmpty() && !rotated.equals(refreshToken.reveal())) {
      storeRotated(refreshName, Secret.of(rotated));
    }
    Duration lifetime = answer.hasNonNull("expires_in")
        ? Duration.ofSeconds(answer.get("expires_in").asLong()) : DEFAULT_LIFETIME;
    Duration early = lifetime.compareTo(EXPIRY_MARGIN.multipliedBy(2)) > 0 ? EXPIRY_MARGIN
        : lifetime.dividedBy(2);
    return new Token(accessToken, clock.instant().plus(lifetime).minus(early));
  }

  private void storeRotated(String name, Secret rotated) {
    if (!(credentials instanceof WritableCredentialStore writable)) {
      throw new ConfigurationException(ErrorCode.AUTH_REFRESH_FAILED, "Cannot keep the rotated"
          + " refresh token of client " + client + " (credential " + name + "): the credential"
          + " store is read-only, and the old token no longer works; use a writable store");
    }
    writable.put(client, name, CredentialKind.REFRESH_TOKEN, rotated);
  }

  private static String errorText(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      String error = json.path("error").asText("");
      String description = json.path("error_description").asText("");
      if (!error.isEmpty()) {
        return description.isEmpty() ? error : error + ": " + description;
      }
    } catch (IOException notJson) {
      // fall through
    }
    String text = body.strip();
    return text.isEmpty() ? "(empty body)" : text.substring(0, Math.min(200, text.length()));
  }
}
