package io.dif.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.config.ReportConfig;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.extract.http.RedactedUrl;
import io.dif.extract.http.ThrottleRule;
import io.dif.extract.page.PageScanner;
import io.dif.extract.page.PageSummary;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One asynchronous report per partition: create it (or reuse the one a "duplicate request"
 * answer names), poll its status with a growing interval until done, failed or out of time,
 * then land every result URL as received. A download URL that has expired is replaced by
 * polling again.
 */
final class ReportJob {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long JSON_LIMIT = 1 << 20;
  private static final int DUPLICATE_TEXT_LIMIT = 64 * 1024;
  private static final Set<Integer> DEFAULT_EXPIRED = Set.of(403, 410);

  /** Waits between polls; a seam so tests need not spend real time. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final String qualified;
  private final ReportConfig report;
  private final RequestTemplate create;
  private final RequestTemplate poll;
  private final OkHttpClient api;
  private final OkHttpClient downloads;
  private final ThrottleRule throttle;
  private final Clock clock;
  private final Sleeper sleeper;

  ReportJob(String qualified, ReportConfig report, RequestTemplate create, RequestTemplate poll,
      OkHttpClient api, OkHttpClient downloads, ThrottleRule throttle, Clock clock,
      Sleeper sleeper) {
    this.qualified = qualified;
    this.report = report;
    this.create = create;
    this.poll = poll;
    this.api = api;
    this.downloads = downloads;
    this.throttle = throttle;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Runs the report of one partition; returns the bound records of its JSON pages. */
  List<Map<String, String>> run(Map<String, String> variables, Map<String, String> parent,
      PageLanding landing, PageScanner scanner) throws IOException {
    String reportId = createReport(variables);
    Map<String, String> pollVariables = new LinkedHashMap<>(variables);
    pollVariables.put("report_id", reportId);
    List<String> urls = pollUntilDone(reportId, pollVariables);
    List<Map<String, String>> bound = new ArrayList<>();
    int refreshes = 0;
    int index = 0;
    while (index < urls.size()) {
      Request request = new Request.Builder().url(resolve(urls.get(index), reportId)).get()
          .build();
      try (Response response = downloads.newCall(request).execute()) {
        if (expired(response.code())) {
          if (refreshes++ >= report.maxUrlRefreshes()) {
            throw new RetriableException(ErrorCode.REPORT_FAILED, "Cannot download report "
                + reportId + " of stream " + qualified + ": the URL expired (HTTP "
                + response.code() + ") " + refreshes + " times: " + RedactedUrl.of(request.url()),
                null);
          }
          urls = pollUntilDone(reportId, pollVariables);
          continue;
        }
        ResponseErrors.check(qualified, request, response, throttle);
        PageSummary summary = landing.landDownload(request, response, scanner, parent,
            report.format());
        bound.addAll(summary.boundRecords());
      }
      index++;
    }
    return bound;
  }

  private boolean expired(int status) {
    return report.expiredStatuses().isEmpty() ? DEFAULT_EXPIRED.contains(status)
        : report.expiredStatuses().contains(status);
  }

  private String createReport(Map<String, String> variables) throws IOException {
    Request request = create.build(create.first(variables), variables);
    try (Response response = api.newCall(request).execute()) {
      if (report.duplicateStatuses().contains(response.code())) {
        return duplicateId(request, response);
      }
      ResponseErrors.check(qualified, request, response, throttle);
      JsonNode id = readJson(request, response).at(report.reportId());
      if (!id.isValueNode() || id.asText().isEmpty()) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot create report of stream "
            + qualified + ": the answer of " + RedactedUrl.of(request.url())
            + " has no report id at " + report.reportId());
      }
      return id.asText();
    }
  }

  private String duplicateId(Request request, Response response) throws IOException {
    String text = response.peekBody(DUPLICATE_TEXT_LIMIT).string();
    if (report.duplicateId().isPresent()) {
      Matcher matcher = Pattern.compile(report.duplicateId().get()).matcher(text);
      if (matcher.find() && matcher.groupCount() >= 1 && matcher.group(1) != null) {
        return matcher.group(1);
      }
    }
    throw new DataException(ErrorCode.DATA_INVALID, "Cannot create report of stream " + qualified
        + ": HTTP " + response.code() + " from " + RedactedUrl.of(request.url())
        + " says the report exists, but report.duplicate_id finds no id in: "
        + ResponseErrors.errorText(response));
  }

  private List<String> pollUntilDone(String reportId, Map<String, String> variables)
      throws IOException {
    Instant deadline = clock.instant().plus(report.timeout());
    Duration wait = report.interval();
    while (true) {
      sleep(wait);
      Request request = poll.build(poll.first(variables), variables);
      JsonNode answer;
      try (Response response = api.newCall(request).execute()) {
        ResponseErrors.check(qualified, request, response, throttle);
        answer = readJson(request, response);
      }
      String status = answer.at(report.status()).asText("");
      if (report.done().contains(status)) {
        return urls(reportId, answer);
      }
      if (report.failed().contains(status)) {
        String reason = report.failureReason().map(p -> answer.at(p).asText(""))
            .filter(r -> !r.isEmpty()).orElse("no reason given");
        throw new RetriableException(ErrorCode.REPORT_FAILED, "Cannot build report " + reportId
            + " of stream " + qualified + ": status " + status + ": " + reason, null);
      }
      if (!report.running().contains(status)) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot poll report " + reportId
            + " of stream " + qualified + ": unknown status \"" + status + "\" at "
            + report.status() + "; expected one of " + report.running() + report.done()
            + report.failed());
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new RetriableException(ErrorCode.REPORT_TIMED_OUT, "Cannot build report "
            + reportId + " of stream " + qualified + ": still " + status + " after "
            + report.timeout(), null);
      }
      Duration doubled = wait.multipliedBy(2);
      wait = doubled.compareTo(report.maxInterval()) > 0 ? report.maxInterval() : doubled;
    }
  }

  private List<String> urls(String reportId, JsonNode answer) {
    JsonNode node = answer.at(report.downloadUrl());
    List<String> urls = new ArrayList<>();
    if (node.isTextual()) {
      urls.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(url -> urls.add(url.asText()));
    }
    urls.removeIf(String::isBlank);
    if (urls.isEmpty()) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot download report " + reportId
          + " of stream " + qualified + ": the finished report has no URL at "
          + report.downloadUrl());
    }
    return urls;
  }

  private HttpUrl resolve(String url, String reportId) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot download report " + reportId
          + " of stream " + qualified + ": not an absolute http(s) URL at "
          + report.downloadUrl());
    }
    return parsed;
  }

  private JsonNode readJson(Request request, Response response) throws IOException {
    try {
      return JSON.readTree(response.peekBody(JSON_LIMIT).bytes());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new DataException(ErrorCode.DATA_INVALID, "Cannot read answer of "
          + request.method() + " " + RedactedUrl.of(request.url()) + " for stream " + qualified
          + ": not valid JSON: " + e.getOriginalMessage());
    }
  }

  private void sleep(Duration wait) throws InterruptedIOException {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for report of " + qualified);
    }
  }
}
