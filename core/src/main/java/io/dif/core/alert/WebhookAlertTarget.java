package io.dif.core.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.credential.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Slack-compatible incoming webhook: {@code POST} of {@code {"text": ...}} (Slack, Mattermost,
 * Rocket.Chat, Teams workflows read {@code text}); the alert's fields ride along under
 * {@code dif}. The URL is a secret (whoever has it can post), so it comes from the credential
 * store and no message names it: the target is named by its credential.
 */
public final class WebhookAlertTarget implements AlertTarget {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final String credentialName;
  private final Secret url;
  private final HttpClient http;

  public WebhookAlertTarget(String credentialName, Secret url) {
    this.credentialName = credentialName;
    this.url = url;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public void send(Alert alert) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", alert.text());
    body.put("dif", alert.fields());
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url.reveal())).timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    } catch (IllegalArgumentException e) {
      throw new AlertDeliveryException("Cannot send alert to " + name()
          + ": the stored value is not an http(s) URL");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write alert as JSON", e);
    }
    HttpResponse<Void> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // the exception names the host at most, never the path that holds the webhook's token
      throw new AlertDeliveryException("Cannot send alert to " + name()
          + ": " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AlertDeliveryException("Cannot send alert to " + name()
          + ": interrupted");
    }
    if (response.statusCode() / 100 != 2) {
      throw new AlertDeliveryException("Cannot send alert to " + name()
          + ": HTTP " + response.statusCode());
    }
  }

  @Override
  public String name() {
    return "webhook:" + credentialName;
  }
}
