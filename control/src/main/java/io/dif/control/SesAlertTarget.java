package io.dif.control;

import io.dif.core.alert.Alert;
import io.dif.core.alert.AlertDeliveryException;
import io.dif.core.alert.AlertTarget;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * E-mail through Amazon SES: the alert's line is the body, its client and state the subject,
 * sent by the SES API's {@code SendEmail} action (Query API 2010-12-01: a form POST signed with
 * Signature Version 4 for service {@code ses}) from a verified sender to the recipients of the
 * spec. AWS credentials come from the default provider chain, as for SNS. (The SES module of the
 * AWS SDK is not in this build's repository; the request is the documented form, signed by the
 * SDK's own signer.)
 */
public final class SesAlertTarget implements AlertTarget {
  private static final Pattern ERROR = Pattern.compile(
      "<Code>([^<]*)</Code>\\s*<Message>([^<]*)</Message>");
  private final URI endpoint;
  private final String region;
  private final String from;
  private final List<String> to;
  private final AwsCredentialsProvider credentials;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  /** @param endpoint {@code https://email.<region>.amazonaws.com/}, or a test server */
  public SesAlertTarget(URI endpoint, String region, String from, List<String> to,
      AwsCredentialsProvider credentials) {
    this.endpoint = endpoint;
    this.region = region;
    this.from = from;
    this.to = List.copyOf(to);
    this.credentials = credentials;
  }

  @Override
  public void send(Alert alert) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("Action", "SendEmail");
    form.put("Version", "2010-12-01");
    form.put("Source", from);
    for (int i = 0; i < to.size(); i++) {
      form.put("Destination.ToAddresses.member." + (i + 1), to.get(i));
    }
    form.put("Message.Subject.Data", "DIF " + (alert.state() == Alert.State.FIRING ? "failed"
        : "resolved") + ": " + alert.key().client() + " " + alert.key().subject());
    form.put("Message.Subject.Charset", "UTF-8");
    form.put("Message.Body.Text.Data", alert.text());
    form.put("Message.Body.Text.Charset", "UTF-8");
    byte[] body = form.entrySet().stream()
        .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
        .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response;
    try {
      SignedRequest signed = AwsV4HttpSigner.create().sign(request -> request
          .identity(credentials.resolveCredentials())
          .request(SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
              .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
              .build())
          .payload(ContentStreamProvider.fromByteArray(body))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ses")
          .putProperty(AwsV4HttpSigner.REGION_NAME, region));
      HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
          .timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      signed.request().headers().forEach((name, values) -> {
        if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
          values.forEach(value -> request.header(name, value));
        }
      });
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (SdkException | IOException e) {
      throw new AlertDeliveryException("Cannot send alert to " + name() + ": "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AlertDeliveryException("Cannot send alert to " + name() + ": interrupted");
    }
    if (response.statusCode() / 100 != 2) {
      Matcher error = ERROR.matcher(response.body());
      throw new AlertDeliveryException("Cannot send alert to " + name() + ": SES answered "
          + response.statusCode() + (error.find() ? " " + error.group(1) + ": "
              + error.group(2) : ""));
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code ses:<region>} and how many recipients: no address (they are people's). */
  @Override
  public String name() {
    return "ses:" + region + " (" + to.size() + " recipient" + (to.size() == 1 ? "" : "s")
        + ")";
  }
}
