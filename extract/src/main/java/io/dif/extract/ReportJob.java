package io.dif.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.config.DataFormat;
import io.dif.core.config.NoDataConfig;
import io.dif.core.config.ReportConfig;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.extract.http.RedactedUrl;
import io.dif.extract.http.ThrottleRule;
import io.dif.extract.page.PageScanner;
import io.dif.extract.page.PageSummary;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One asynchronous report per partition: create it (or reuse the one a "duplicate request"
 * answer names), poll its status with a growing interval until done, failed or out of time,
 * then land every result URL as received. A download URL that has expired is replaced by
 * polling again.
 *
 * <p>The chain's position is the report: {@code {kind: report, report_id, state: created |
 * downloading, downloaded: n}}, saved once the report is created and after each landed file.
 * A resumed chain polls the saved report again instead of creating another, and downloads the
 * files not landed yet; when that report is gone (HTTP 404 or 410) or failed, it creates a new
 * one. Download URLs are never saved: they expire and often carry signatures.
 */
final class ReportJob {
  private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);
  private static final Duration STOP_CHECK = Duration.ofMillis(250);
  private static final Set<Integer> GONE = Set.of(404, 410);
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
  private final PageRetries retries;
  private final DataFormat format;
  private final Clock clock;
  private final Sleeper sleeper;

  ReportJob(String qualified, ReportConfig report, RequestTemplate create, RequestTemplate poll,
      OkHttpClient api, OkHttpClient downloads, ThrottleRule throttle, PageRetries retries,
      Clock clock, Sleeper sleeper) {
    this.qualified = qualified;
    this.report = report;
    this.create = create;
    this.poll = poll;
    this.api = api;
    this.downloads = downloads;
    this.throttle = throttle;
    this.retries = retries;
    this.format = report.format().orElse(DataFormat.JSON);
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * Runs the report of one partition, landing each file through {@code progress}; returns the
   * bound records of its JSON files.
   *
   * @param stopCheck called between polls and between files; throws when a stop was asked for
   */
  List<Map<String, String>> run(Map<String, String> variables, Map<String, String> parent,
      PageLanding landing, PageScanner scanner, RunProgress progress, String partition,
      Runnable stopCheck) {
    int landed = progress.pagesLanded(partition);
    Optional<Map<String, String>> saved = progress.position(partition);
    String reportId = null;
    List<String> urls = null;
    if (saved.isPresent()) {
      String savedId = saved.get().get("report_id");
      if (!"report".equals(saved.get().get("kind")) || savedId == null || savedId.isEmpty()) {
        LOG.warn("Cannot resume report chain \"{}\" of {}: its saved position {} names no"
            + " report; the chain starts again", partition, qualified, saved.get());
        progress.restart(partition);
        landed = 0;
      } else {
        LOG.info("Resuming report {} of stream {}: {} files landed before", savedId, qualified,
            landed);
        Optional<List<String>> existing = poll(savedId, pollVariables(variables, savedId), true,
            stopCheck);
        if (existing.isPresent()) {
          reportId = savedId;
          urls = existing.get();
        }
      }
    }
    for (int recreated = 0; reportId == null; recreated++) {
      String created = createReport(variables);
      progress.positionSaved(partition, landed, position(created, landed));
      try {
        urls = poll(created, pollVariables(variables, created), false, stopCheck).orElseThrow();
        reportId = created;
      } catch (ReportFailedException failed) {
        if (recreated >= report.recreateOnFailure()) {
          throw failed.exhausted(recreated);
        }
        LOG.warn("{}; creating it again ({} of report.recreate_on_failure {})",
            failed.getMessage(), recreated + 1, report.recreateOnFailure());
      }
    }
    return download(reportId, urls, landed, variables, parent, landing, scanner, progress,
        partition, stopCheck);
  }

  private List<Map<String, String>> download(String reportId, List<String> firstUrls,
      int landedBefore, Map<String, String> variables, Map<String, String> parent,
      PageLanding landing, PageScanner scanner, RunProgress progress, String partition,
      Runnable stopCheck) {
    List<String> urls = firstUrls;
    Map<String, String> pollVariables = pollVariables(variables, reportId);
    List<Map<String, String>> bound = new ArrayList<>();
    int refreshes = 0;
    int attempt = 1;
    int index = landedBefore;
    while (index < urls.size()) {
      if (index > landedBefore) {
        stopCheck.run();
      }
      Request request = new Request.Builder().url(resolve(urls.get(index), reportId)).get()
          .build();
      PageSummary summary;
      Response response;
      try {
        response = downloads.newCall(request).execute();
      } catch (IOException e) {
        throw ResponseErrors.network(qualified, request, e);
      }
      try (response) {
        if (expired(response.code())) {
          if (refreshes++ >= report.maxUrlRefreshes()) {
            throw new RetriableException(ErrorCode.REPORT_FAILED, "Cannot download report "
                + reportId + " of stream " + qualified + ": the URL expired (HTTP "
                + response.code() + ") " + refreshes + " times: " + RedactedUrl.of(request.url()),
                null);
          }
          urls = poll(reportId, pollVariables, false, stopCheck).orElseThrow();
          continue;
        }
        ResponseErrors.check(qualified, request, response, throttle);
        try {
          summary = landing.landDownload(request, response, scanner, parent, format);
          attempt = 1;
        } catch (IOException brokenBody) {
          if (!retries.mayRetry(attempt) || Thread.currentThread().isInterrupted()) {
            throw ResponseErrors.brokenBody(qualified, request, brokenBody, attempt);
          }
          LOG.info("Downloading file {} of report {} of stream {} again: its body broke off"
              + " ({}), attempt {} of {}", index + 1, reportId, qualified, brokenBody.toString(),
              attempt + 1, retries.maxAttempts());
          summary = null;
        }
      } catch (IOException e) {
        throw ResponseErrors.network(qualified, request, e);
      }
      if (summary == null) {
        retries.backoff(attempt++, "file " + (index + 1) + " of report " + reportId + " of "
            + qualified);
        continue;
      }
      bound.addAll(summary.boundRecords());
      index++;
      progress.landed(partition, index, summary.boundRecords(), index < urls.size()
          ? Optional.of(position(reportId, index)) : Optional.empty());
    }
    return bound;
  }

  private static Map<String, String> pollVariables(Map<String, String> variables,
      String reportId) {
    Map<String, String> pollVariables = new LinkedHashMap<>(variables);
    pollVariables.put("report_id", reportId);
    return pollVariables;
  }

  private static Map<String, String> position(String reportId, int downloaded) {
    return Map.of("kind", "report", "report_id", reportId, "state",
        downloaded == 0 ? "created" : "downloading", "downloaded", Integer.toString(downloaded));
  }

  private boolean expired(int status) {
    return report.expiredStatuses().isEmpty() ? DEFAULT_EXPIRED.contains(status)
        : report.expiredStatuses().contains(status);
  }

  private String createReport(Map<String, String> variables) {
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
    } catch (IOException e) {
      throw ResponseErrors.network(qualified, request, e);
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

  /**
   * Polls until the report is done and returns its URLs. For a report saved by an earlier run
   * ({@code resumed}), empty when it is gone or failed: a new one is created then.
   */
  private Optional<List<String>> poll(String reportId, Map<String, String> variables,
      boolean resumed, Runnable stopCheck) {
    Instant deadline = clock.instant().plus(report.timeout());
    Duration wait = resumed ? Duration.ZERO : report.interval();
    while (true) {
      sleep(wait, stopCheck);
      Request request = poll.build(poll.first(variables), variables);
      JsonNode answer;
      try (Response response = api.newCall(request).execute()) {
        if (resumed && GONE.contains(response.code())) {
          LOG.info("Report {} of stream {} is gone (HTTP {}); creating a new one", reportId,
              qualified, response.code());
          return Optional.empty();
        }
        ResponseErrors.check(qualified, request, response, throttle);
        answer = readJson(request, response);
      } catch (IOException e) {
        throw ResponseErrors.network(qualified, request, e);
      }
      String status = answer.at(report.status()).asText("");
      if (report.done().contains(status)) {
        return Optional.of(urls(reportId, answer));
      }
      if (report.failed().contains(status)) {
        String reason = report.failureReason().map(p -> answer.at(p).asText(""))
            .filter(r -> !r.isEmpty()).orElse("no reason given");
        if (resumed) {
          LOG.info("Report {} of stream {} saved by an earlier run failed ({}); creating a new"
              + " one", reportId, qualified, reason);
          return Optional.empty();
        }
        throw new ReportFailedException("Cannot build report " + reportId + " of stream "
            + qualified + ": status " + status + ": " + reason);
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
      Duration doubled = wait.isZero() ? report.interval() : wait.multipliedBy(2);
      wait = doubled.compareTo(report.maxInterval()) > 0 ? report.maxInterval() : doubled;
    }
  }

  /** The URLs of a finished report; none when report.no_data_when says it has no data. */
  private List<String> urls(String reportId, JsonNode answer) {
    Optional<NoDataConfig> noData = report.noDataWhen();
    if (noData.flatMap(NoDataConfig::pointer).isPresent()) {
      JsonNode value = answer.at(noData.get().pointer().get());
      String expected = noData.get().value().orElse("");
      boolean matches = value.isValueNode() && !value.isNull() ? value.asText().equals(expected)
          : expected.equals("null") && (value.isMissingNode() || value.isNull());
      if (matches) {
        LOG.info("Report {} of stream {} has no data ({} is {}): its window lands no pages",
            reportId, qualified, noData.get().pointer().get(), expected);
        return List.of();
      }
    }
    JsonNode node = answer.at(report.downloadUrl());
    List<String> urls = new ArrayList<>();
    if (node.isTextual()) {
      urls.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(url -> urls.add(url.asText()));
    }
    urls.removeIf(String::isBlank);
    if (urls.isEmpty() && noData.map(NoDataConfig::urlMissing).orElse(false)) {
      LOG.info("Report {} of stream {} has no data (no URL at {}): its window lands no pages",
          reportId, qualified, report.downloadUrl());
      return List.of();
    }
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
          + ": not valid JSON: " + JsonMessages.describe(e));
    }
  }

  /** A report that ended in a failed status: created again up to report.recreate_on_failure. */
  private static final class ReportFailedException extends RetriableException {
    ReportFailedException(String message) {
      super(ErrorCode.REPORT_FAILED, message, null);
    }

    RetriableException exhausted(int recreated) {
      return new RetriableException(ErrorCode.REPORT_FAILED, getMessage() + (recreated == 0 ? ""
          : " (created " + (recreated + 1) + " times; report.recreate_on_failure is "
          + recreated + ")"), null);
    }
  }

  /** Waits in short slices, so a stop request is honoured within a fraction of a second. */
  private void sleep(Duration wait, Runnable stopCheck) {
    Duration left = wait;
    stopCheck.run();
    while (left.compareTo(Duration.ZERO) > 0) {
      Duration slice = left.compareTo(STOP_CHECK) > 0 ? STOP_CHECK : left;
      try {
        sleeper.sleep(slice);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for a report of stream "
            + qualified, e);
      }
      left = left.minus(slice);
      stopCheck.run();
    }
  }
}
