package io.dif.control;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * An SES-shaped server for the Query API's {@code SendEmail} action (version 2010-12-01, form
 * POST, XML answer) as SES documents it. It checks the request's Signature Version 4 for real:
 * the request as it arrived (its signed headers, its body) is signed again with the same
 * credentials at the request's own {@code X-Amz-Date}, and the Authorization headers must be
 * equal. A sender other than the verified one gets SES's {@code MessageRejected}; anything else
 * unexpected is recorded, so a test fails on it.
 */
final class TestingSes implements AutoCloseable {
  static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("AKIDTESTSES",
      "secret-of-the-test-" + UUID.randomUUID());
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern(
      "yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
  private final HttpServer server;
  private final String region;
  private final String verifiedSender;
  private final List<Map<String, String>> sent = Collections.synchronizedList(new ArrayList<>());
  private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

  TestingSes(String region, String verifiedSender) throws IOException {
    this.region = region;
    this.verifiedSender = verifiedSender;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> form = QueryApi.form(new String(body, StandardCharsets.UTF_8));
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      String expected = expectedAuthorization(exchange.getRequestMethod(), exchange
          .getRequestHeaders(), body, authorization);
      int status;
      String answer;
      if (authorization == null || !authorization.equals(expected)) {
        unexpected.add("signature: got " + authorization + ", expected " + expected);
        status = 403;
        answer = error("SignatureDoesNotMatch", "The request signature we calculated does not"
            + " match the signature you provided.");
      } else if (!"SendEmail".equals(form.get("Action"))
          || !"2010-12-01".equals(form.get("Version"))
          || form.get("Destination.ToAddresses.member.1") == null
          || form.get("Message.Subject.Data") == null
          || form.get("Message.Body.Text.Data") == null) {
        unexpected.add(exchange.getRequestMethod() + " " + form);
        status = 400;
        answer = error("InvalidParameterValue", "unexpected request");
      } else if (!verifiedSender.equals(form.get("Source"))) {
        status = 400;
        answer = error("MessageRejected", "Email address is not verified. The following"
            + " identities failed the check in region " + region.toUpperCase(Locale.ROOT) + ": "
            + form.get("Source"));
      } else {
        sent.add(form);
        status = 200;
        answer = "<SendEmailResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\">"
            + "<SendEmailResult><MessageId>" + UUID.randomUUID() + "</MessageId>"
            + "</SendEmailResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
            + "</RequestId></ResponseMetadata></SendEmailResponse>";
      }
      QueryApi.answer(exchange, status, answer);
    });
    server.start();
  }

  /** The Authorization header of this request signed again, at its X-Amz-Date. */
  private String expectedAuthorization(String method, com.sun.net.httpserver.Headers headers,
      byte[] body, String authorization) {
    String date = headers.getFirst("X-Amz-Date");
    if (authorization == null || date == null || !authorization.contains("SignedHeaders=")) {
      return "(a SigV4 Authorization header and X-Amz-Date)";
    }
    String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
    SdkHttpRequest.Builder request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(method)).uri(endpoint());
    for (String name : signedHeaders.split(";")) {
      if (!name.equals("x-amz-date") && !name.equals("host")) {
        request.putHeader(name, headers.getFirst(name));
      }
    }
    Instant at = LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC);
    return AwsV4HttpSigner.create().sign(sign -> sign.identity(CREDENTIALS)
            .request(request.build())
            .payload(ContentStreamProvider.fromByteArray(body))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ses")
            .putProperty(AwsV4HttpSigner.REGION_NAME, region)
            .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
        .request().firstMatchingHeader("Authorization").orElse("(none)");
  }

  private static String error(String code, String message) {
    return QueryApi.error("http://ses.amazonaws.com/doc/2010-12-01/", code, message);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  List<Map<String, String>> sent() {
    return List.copyOf(sent);
  }

  List<String> unexpected() {
    return List.copyOf(unexpected);
  }

  /** After a test that expected its request to be refused. */
  void forgetUnexpected() {
    unexpected.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
