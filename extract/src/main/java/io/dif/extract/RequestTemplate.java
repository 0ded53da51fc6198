package io.dif.extract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dif.core.config.HttpMethod;
import io.dif.core.config.RequestConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.apache.commons.text.StringSubstitutor;

/**
 * Turns a request config and the variables of one partition ({@code {campaign_id}},
 * {@code {window_start}} ...) into the first request of its chain. Variables fill the path,
 * query and header values and the string values of a JSON body; the body is parsed once and
 * filled value by value, so a bound value can never break the JSON. A variable that is not
 * defined fails with the stream and the variable named, instead of sending a literal brace.
 */
final class RequestTemplate {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  /** A body string that is only a typed variable: {@code "{name:number}"}. */
  private static final Pattern TYPED = Pattern.compile(
      "\\{([A-Za-z_][A-Za-z0-9_]*):(number|json)}");

  private final String stream;
  private final String baseUrl;
  private final RequestConfig request;
  private final ObjectNode body;

  RequestTemplate(String stream, String baseUrl, RequestConfig request) {
    this.stream = stream;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.request = request;
    this.body = request.body().map(this::parseBody).orElse(null);
  }

  private ObjectNode parseBody(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot build request of stream "
          + stream + ": request.body is not valid JSON: " + e.getOriginalMessage());
    }
    throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot build request of stream "
        + stream + ": request.body must be a JSON object");
  }

  /** The source's base URL, which links saved in checkpoints are relative to. */
  HttpUrl base() {
    HttpUrl url = HttpUrl.parse(baseUrl);
    if (url == null) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot build request of stream "
          + stream + ": not a valid base URL: " + baseUrl);
    }
    return url;
  }

  PageRequest first(Map<String, String> variables) {
    StringSubstitutor substitutor = substitutor(variables);
    String path = render(substitutor, request.path(), variables);
    HttpUrl url = HttpUrl.parse(baseUrl + path);
    if (url == null) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot build request of stream "
          + stream + ": not a valid URL: " + baseUrl + path);
    }
    HttpUrl.Builder builder = url.newBuilder();
    request.query().forEach((name, value) ->
        builder.addQueryParameter(name, render(substitutor, value, variables)));
    ObjectNode rendered = body == null ? null : (ObjectNode) renderJson(body.deepCopy(),
        substitutor, variables);
    return new PageRequest(builder.build(), rendered);
  }

  Request build(PageRequest page, Map<String, String> variables) {
    StringSubstitutor substitutor = substitutor(variables);
    Request.Builder builder = new Request.Builder().url(page.url())
        .header("Accept", "application/json");
    request.headers().forEach((name, value) ->
        builder.header(name, render(substitutor, value, variables)));
    RequestBody requestBody = null;
    if (page.body() != null) {
      // OkHttp sends the body's media type as Content-Type, so a configured one must go there
      // (Amazon Ads wants application/vnd.createasyncreportrequest.v3+json).
      MediaType type = request.headers().entrySet().stream()
          .filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
          .map(h -> MediaType.parse(h.getValue())).filter(java.util.Objects::nonNull)
          .findFirst().orElse(JSON_TYPE);
      requestBody = RequestBody.create(page.body().toString().getBytes(
          java.nio.charset.StandardCharsets.UTF_8), type);
    } else if (request.method() == HttpMethod.POST) {
      requestBody = RequestBody.create(new byte[0]);
    }
    return builder.method(request.method().name(), requestBody).build();
  }

  private static StringSubstitutor substitutor(Map<String, String> variables) {
    StringSubstitutor substitutor = new StringSubstitutor(variables, "{", "}");
    substitutor.setEnableUndefinedVariableException(true);
    return substitutor;
  }

  private JsonNode renderJson(JsonNode node, StringSubstitutor substitutor,
      Map<String, String> variables) {
    if (node.isTextual()) {
      Matcher typed = TYPED.matcher(node.asText());
      if (typed.matches()) {
        return typedValue(typed.group(1), typed.group(2), variables);
      }
      return TextNode.valueOf(render(substitutor, node.asText(), variables));
    }
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        field.setValue(renderJson(field.getValue(), substitutor, variables));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, renderJson(array.get(i), substitutor, variables));
      }
    }
    return node;
  }

  /**
   * A body value rendered with a type: {@code {name:number}} as a JSON number,
   * {@code {name:json}} as the JSON value the variable holds (an object, a number, ...).
   */
  private JsonNode typedValue(String name, String type, Map<String, String> variables) {
    String value = variables.get(name);
    if (value == null) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot build request of stream "
          + stream + ": {" + name + ":" + type + "} uses a variable that is not defined; defined"
          + " are " + new TreeSet<>(variables.keySet()));
    }
    if (type.equals("number")) {
      try {
        BigDecimal number = new BigDecimal(value.trim());
        return number.scale() <= 0
            ? JsonNodeFactory.instance.numberNode(number.toBigIntegerExact())
            : DecimalNode.valueOf(number);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot build request of stream "
            + stream + ": {" + name + ":number} is not a number: \"" + value + "\"");
      }
    }
    try {
      return JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot build request of stream " + stream
          + ": {" + name + ":json} is not JSON: " + e.getOriginalMessage());
    }
  }

  private String render(StringSubstitutor substitutor, String template,
      Map<String, String> variables) {
    try {
      return substitutor.replace(template);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot build request of stream "
          + stream + ": " + template + " uses a variable that is not defined; defined are "
          + new TreeSet<>(variables.keySet()));
    }
  }
}
