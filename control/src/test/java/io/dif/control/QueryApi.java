package io.dif.control;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** What the AWS Query API fakes (SNS, SES) share: the form of a request, the error answer. */
final class QueryApi {
  private QueryApi() {}

  /** The parameters of a form-encoded request body. */
  static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  /** The XML error answer of a service in its namespace (e.g. SNS 2010-03-31). */
  static String error(String namespace, String code, String message) {
    return "<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>Sender</Type><Code>" + code
        + "</Code><Message>" + message + "</Message></Error><RequestId>" + UUID.randomUUID()
        + "</RequestId></ErrorResponse>";
  }
}
