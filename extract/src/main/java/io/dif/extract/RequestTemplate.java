package io.dif.extract;

import io.dif.core.config.RequestConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.apache.commons.text.StringSubstitutor;

/**
 * Turns a stream's request config and the variables of one partition ({@code {campaign_id}},
 * {@code {window_start}} ...) into the first request of its chain. A variable that is not
 * defined fails with the stream and the variable named, instead of sending a literal brace.
 */
final class RequestTemplate {
  private final String stream;
  private final String baseUrl;
  private final RequestConfig request;

  RequestTemplate(String stream, String baseUrl, RequestConfig request) {
    this.stream = stream;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.request = request;
  }

  HttpUrl firstUrl(Map<String, String> variables) {
    StringSubstitutor substitutor = new StringSubstitutor(variables, "{", "}");
    substitutor.setEnableUndefinedVariableException(true);
    String path = render(substitutor, request.path(), variables);
    HttpUrl url = HttpUrl.parse(baseUrl + path);
    if (url == null) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot build request of stream "
          + stream + ": not a valid URL: " + baseUrl + path);
    }
    HttpUrl.Builder builder = url.newBuilder();
    request.query().forEach((name, value) ->
        builder.addQueryParameter(name, render(substitutor, value, variables)));
    return builder.build();
  }

  Request build(HttpUrl url, Map<String, String> variables) {
    StringSubstitutor substitutor = new StringSubstitutor(variables, "{", "}");
    substitutor.setEnableUndefinedVariableException(true);
    Request.Builder builder = new Request.Builder().url(url).header("Accept", "application/json");
    request.headers().forEach((name, value) ->
        builder.header(name, render(substitutor, value, variables)));
    return builder.method(request.method().name(),
        request.method().name().equals("POST") ? okhttp3.RequestBody.create(new byte[0]) : null)
        .build();
  }

  private String render(StringSubstitutor substitutor, String template,
      Map<String, String> variables) {
    try {
      return substitutor.replace(template);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot build request of stream "
          + stream + ": " + template + " uses a variable that is not defined; defined are "
          + new java.util.TreeSet<>(variables.keySet()));
    }
  }
}
