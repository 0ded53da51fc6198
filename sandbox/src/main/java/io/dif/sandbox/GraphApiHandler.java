package io.dif.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.dif.sandbox.RequestCounters.PathKind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request of the sandbox: checks the access token, then the rate limit, then
 * routes to the campaigns, insights or leads endpoint. Anything else is a Graph API shaped error.
 */
final class GraphApiHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(GraphApiHandler.class);

  private static final String CAMPAIGNS_PATH = "/v1/campaigns";
  private static final Pattern INSIGHTS_PATH = Pattern.compile("/v1/campaigns/([^/]+)/insights");
  private static final Pattern LEADS_PATH = Pattern.compile("/v1/([0-9]+)/leads");

  private final SandboxData data;
  private final Optional<byte[]> expectedAuthorization;
  private final SlidingWindowRateLimiter rateLimiter;
  private final RequestCounters counters;
  private final URI baseUrl;

  GraphApiHandler(
      SandboxData data,
      Optional<String> accessToken,
      SlidingWindowRateLimiter rateLimiter,
      RequestCounters counters,
      URI baseUrl) {
    this.data = data;
    this.expectedAuthorization =
        accessToken.map(token -> ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
    this.rateLimiter = rateLimiter;
    this.counters = counters;
    this.baseUrl = baseUrl;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
      String path = exchange.getRequestURI().getPath();
      PathKind kind = kindOf(path);
      Response response;
      try {
        response = respond(exchange, path);
      } catch (GraphApiError error) {
        response = Response.error(error);
      } catch (RuntimeException bug) {
        LOG.debug("Cannot answer {} {}: unexpected failure",
            exchange.getRequestMethod(), path, bug);
        response = Response.error(GraphApiError.unknown());
      }
      // Counted before the response is sent, so a client that has its answer sees it counted.
      counters.record(kind, response.status());
      LOG.debug("{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI(),
          response.status());
      send(exchange, response);
    } catch (IOException clientGone) {
      LOG.debug("Cannot send sandbox response: client closed the connection", clientGone);
    }
  }

  private Response respond(HttpExchange exchange, String path) {
    checkAuthorization(exchange.getRequestHeaders().getFirst("Authorization"));
    if (!rateLimiter.tryAcquire()) {
      throw GraphApiError.requestLimitReached();
    }
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw GraphApiError.invalidParameter(
          "Unsupported " + method.toLowerCase(Locale.ROOT) + " request.");
    }
    QueryParameters query = QueryParameters.parse(exchange.getRequestURI().getRawQuery());
    if (path.equals(CAMPAIGNS_PATH)) {
      return campaigns(query);
    }
    Matcher insights = INSIGHTS_PATH.matcher(path);
    if (insights.matches()) {
      return insights(path, insights.group(1), query);
    }
    Matcher leads = LEADS_PATH.matcher(path);
    if (leads.matches()) {
      return leads(path, leads.group(1), query);
    }
    throw GraphApiError.notFound("Unknown path components: " + path);
  }

  private void checkAuthorization(String authorization) {
    if (expectedAuthorization.isEmpty()) {
      return;
    }
    if (authorization == null) {
      throw GraphApiError.unauthorized(
          "An active access token must be used: send the header Authorization: Bearer <token>");
    }
    // Constant time, so that response timing does not reveal how much of a guess was right.
    if (!MessageDigest.isEqual(
        expectedAuthorization.get(), authorization.getBytes(StandardCharsets.UTF_8))) {
      throw GraphApiError.unauthorized("Invalid OAuth access token - Cannot parse access token");
    }
  }

  private Response campaigns(QueryParameters query) {
    PageRequest request = PageRequest.from(query);
    List<Campaign> campaigns = data.campaigns();
    return page(
        request,
        campaigns.size(),
        row -> GraphApiJson.campaign(campaigns.get((int) row)),
        CAMPAIGNS_PATH,
        Map.of());
  }

  private Response insights(String path, String campaignId, QueryParameters query) {
    Campaign campaign =
        data.campaign(campaignId)
            .orElseThrow(
                () ->
                    GraphApiError.notFound(
                        "Unsupported get request. Object with ID '" + campaignId
                            + "' does not exist, cannot be loaded due to missing permissions,"
                            + " or does not support this operation."));
    LocalDate since = requiredDate(query, "since");
    LocalDate until = requiredDate(query, "until");
    if (until.isBefore(since)) {
      throw GraphApiError.invalidParameter(
          "(#100) Param until must not be before since: since=" + since + ", until=" + until);
    }
    PageRequest request = PageRequest.from(query);
    List<Ad> ads = data.ads(campaign);
    long rows = SandboxData.dayCount(since, until) * ads.size();
    Map<String, String> window = new LinkedHashMap<>();
    window.put("since", since.toString());
    window.put("until", until.toString());
    return page(
        request, rows, row -> GraphApiJson.insight(data.insightAt(ads, since, row)), path, window);
  }

  /**
   * The leads of the lead form, created from {@code since} to {@code until} (dates, inclusive:
   * the Graph API's time-based paging parameters), both required here.
   */
  private Response leads(String path, String formId, QueryParameters query) {
    if (!formId.equals(SandboxData.LEAD_FORM_ID)) {
      throw GraphApiError.notFound("Unsupported get request. Object with ID '" + formId
          + "' does not exist, cannot be loaded due to missing permissions, or does not support"
          + " this operation.");
    }
    LocalDate since = requiredDate(query, "since");
    LocalDate until = requiredDate(query, "until");
    if (until.isBefore(since)) {
      throw GraphApiError.invalidParameter(
          "(#100) Param until must not be before since: since=" + since + ", until=" + until);
    }
    List<Lead> leads = data.leads(since, until);
    Map<String, String> window = new LinkedHashMap<>();
    window.put("since", since.toString());
    window.put("until", until.toString());
    return page(PageRequest.from(query), leads.size(),
        row -> GraphApiJson.lead(leads.get((int) row)), path, window);
  }

  private Response page(
      PageRequest request,
      long totalRows,
      LongFunction<ObjectNode> rowAt,
      String path,
      Map<String, String> fixedParameters) {
    long firstRow = Math.min(request.firstRow(), totalRows);
    long endRow = Math.min(totalRows, firstRow + request.limit());
    List<ObjectNode> rows = new ArrayList<>();
    for (long row = firstRow; row < endRow; row++) {
      rows.add(rowAt.apply(row));
    }
    Optional<String> next = Optional.empty();
    if (!rows.isEmpty() && endRow < totalRows) {
      Map<String, String> parameters = new LinkedHashMap<>(fixedParameters);
      parameters.put("limit", Integer.toString(request.limit()));
      parameters.put("after", PageCursors.encode(endRow - 1));
      next = Optional.of(baseUrl + path + "?" + encode(parameters));
    }
    return Response.ok(GraphApiJson.page(rows, firstRow, next));
  }

  private static LocalDate requiredDate(QueryParameters query, String name) {
    String text =
        query
            .get(name)
            .orElseThrow(
                () -> GraphApiError.invalidParameter("(#100) The parameter " + name
                    + " is required: a date in the format YYYY-MM-DD"));
    try {
      return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException notADate) {
      throw GraphApiError.invalidParameter(
          "(#100) Param " + name + " must be a date in the format YYYY-MM-DD: \"" + text + "\"");
    }
  }

  private static String encode(Map<String, String> parameters) {
    return parameters.entrySet().stream()
        .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static PathKind kindOf(String path) {
    if (path.equals(CAMPAIGNS_PATH)) {
      return PathKind.CAMPAIGNS;
    }
    if (LEADS_PATH.matcher(path).matches()) {
      return PathKind.LEADS;
    }
    return INSIGHTS_PATH.matcher(path).matches() ? PathKind.INSIGHTS : PathKind.OTHER;
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    if (response.status() == 429) {
      exchange.getResponseHeaders().set("Retry-After", "1");
    }
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), response.body().length);
    exchange.getResponseBody().write(response.body());
  }

  private record Response(int status, byte[] body) {

    static Response ok(byte[] body) {
      return new Response(200, body);
    }

    static Response error(GraphApiError error) {
      return new Response(error.httpStatus(), GraphApiJson.error(error));
    }
  }
}
