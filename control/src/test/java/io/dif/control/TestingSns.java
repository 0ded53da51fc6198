package io.dif.control;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An SNS-shaped server that speaks the Query API's {@code Publish} action (form-encoded POST,
 * XML answer) for one topic, as SNS documents it; any other action or topic gets SNS's error
 * answer and is recorded as unexpected, so a test fails on it.
 */
final class TestingSns implements AutoCloseable {
  private final HttpServer server;
  private final String topicArn;
  private final List<Map<String, String>> published = Collections.synchronizedList(
      new ArrayList<>());
  private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
  private volatile int failWith;

  TestingSns(String topicArn) throws IOException {
    this.topicArn = topicArn;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      Map<String, String> form;
      try (InputStream body = exchange.getRequestBody()) {
        form = QueryApi.form(new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
      int status;
      String answer;
      if (failWith != 0) {
        status = failWith;
        answer = error("InternalError", "scripted failure");
      } else if (!"POST".equals(exchange.getRequestMethod())
          || !"Publish".equals(form.get("Action")) || !topicArn.equals(form.get("TopicArn"))
          || form.get("Message") == null) {
        unexpected.add(exchange.getRequestMethod() + " " + form);
        status = 400;
        answer = error("InvalidParameter", "unexpected request");
      } else {
        published.add(form);
        status = 200;
        answer = "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
            + "<PublishResult><MessageId>" + UUID.randomUUID() + "</MessageId></PublishResult>"
            + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId>"
            + "</ResponseMetadata></PublishResponse>";
      }
      QueryApi.answer(exchange, status, answer);
    });
    server.start();
  }

  private static String error(String code, String message) {
    return QueryApi.error("http://sns.amazonaws.com/doc/2010-03-31/", code, message);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  String topicArn() {
    return topicArn;
  }

  List<Map<String, String>> published() {
    return List.copyOf(published);
  }

  List<String> unexpected() {
    return List.copyOf(unexpected);
  }

  /** Answers every request with this status from now on (0: answer normally). */
  void failWith(int status) {
    this.failWith = status;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
