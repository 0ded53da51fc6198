package io.dif.core.config;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Rules that span several keys: references between streams and datasets, and key choices. */
final class ClientConfigRules {
  private final String file;
  private final Map<String, Integer> lines;
  private final List<ConfigProblem> problems = new ArrayList<>();

  ClientConfigRules(String file, Map<String, Integer> lines) {
    this.file = file;
    this.lines = lines;
  }

  /**
   * Checks a config that may be partly bound (values with problems left out as null): a rule
   * that meets a left-out value skips that source or dataset rather than guessing.
   */
  List<ConfigProblem> check(ClientConfig config) {
    if (config.sources() != null) {
      config.sources().forEach((name, source) -> skipIncomplete(
          () -> checkSource("sources." + name, name, source)));
    }
    if (config.datasets() != null) {
      config.datasets().forEach((name, dataset) -> skipIncomplete(
          () -> checkDataset("datasets." + name, config, dataset)));
    }
    if (config.alerts() != null) {
      config.alerts().ifPresent(alerts -> skipIncomplete(() -> {
        if (alerts.stuckAfter().isNegative() || alerts.stuckAfter().isZero()) {
          report("alerts.stuck_after", alerts.stuckAfter().toString(), "must be positive");
        }
      }));
    }
    if (config.schedule() != null) {
      config.schedule().ifPresent(schedule -> skipIncomplete(() -> checkSchedule(schedule)));
    }
    return problems;
  }

  private void checkSchedule(ScheduleConfig schedule) {
    if (schedule.cron() != null) {
      EventBridgeCron.problem(schedule.cron())
          .ifPresent(rule -> report("schedule.cron", schedule.cron(), rule));
    }
    if (schedule.timeZone() != null) {
      try {
        if (ZoneId.of(schedule.timeZone()) instanceof java.time.ZoneOffset) {
          throw new DateTimeException("an offset, not a region");
        }
      } catch (DateTimeException e) {
        report("schedule.time_zone", schedule.timeZone(), "is not a time zone id, such as"
            + " Europe/Paris or UTC");
      }
    }
  }

  private static void skipIncomplete(Runnable rule) {
    try {
      rule.run();
    } catch (NullPointerException incomplete) {
      // part of this source or dataset had a problem of its own, already reported
    }
  }

  private void checkSource(String path, String sourceName, SourceConfig source) {
    if (source.rawRetention() != null) {
      source.rawRetention().ifPresent(period -> checkAge(path + ".raw_retention", period));
    }
    if (!sourceName.matches(Names.IDENTIFIER)) {
      report(path, sourceName, "source names must match " + Names.IDENTIFIER);
    }
    if (source.push().isPresent()) {
      skipIncomplete(() -> checkPush(path, source, source.push().get()));
      return;
    }
    if (source.jdbc().isPresent() || source.sftp().isPresent()) {
      skipIncomplete(() -> checkDatabaseOrFiles(path, source));
      return;
    }
    if (source.baseUrl().isPresent() == source.sandbox().isPresent()) {
      report(path, "", "give exactly one of base_url and sandbox");
    }
    skipIncomplete(() -> {
      if (source.auth().type() != AuthType.NONE && source.auth().credential().isEmpty()) {
        report(path + ".auth.credential", "",
            "is required when auth.type is " + ConfigNames.yamlEnumValue(source.auth().type()));
      }
      if (source.auth().type() == AuthType.OAUTH2 && source.auth().tokenUrl().isEmpty()) {
        report(path + ".auth.token_url", "", "is required when auth.type is oauth2");
      }
      if (source.auth().type() == AuthType.BASIC && source.auth().username().isEmpty()) {
        report(path + ".auth.username", "", "is required when auth.type is basic");
      }
    });
    skipIncomplete(() -> checkThrottle(path + ".throttle", source.throttle()));
    source.streams().forEach((streamName, stream) -> {
      String streamPath = path + ".streams." + streamName;
      if (!streamName.matches(Names.IDENTIFIER)) {
        report(streamPath, streamName, "stream names must match " + Names.IDENTIFIER);
      }
      if (stream.request().isEmpty()) {
        report(streamPath + ".request", "", "is required for a stream pulled over HTTP");
      }
      if (stream.jdbc().isPresent() || stream.sftp().isPresent()) {
        report(streamPath + (stream.jdbc().isPresent() ? ".jdbc" : ".sftp"), "",
            "is only for the streams of a jdbc or sftp source");
      }
      skipIncomplete(() -> checkPagination(streamPath + ".paginate", stream.paginate()));
      skipIncomplete(() -> checkFormat(streamPath, stream));
      skipIncomplete(() -> stream.report()
          .ifPresent(report -> checkReport(streamPath + ".report", report)));
      skipIncomplete(() -> stream.forEach()
          .ifPresent(forEach -> checkParent(streamPath, streamName, forEach, source)));
      skipIncomplete(() -> stream.window().ifPresent(window -> {
        if (window.end().isPresent() && window.end().get().isBefore(window.start())) {
          report(streamPath + ".window.end", window.end().get().toString(),
              "must not be before window.start " + window.start());
        }
        if (window.step().isNegative() || window.step().isZero()) {
          report(streamPath + ".window.step", window.step().toString(), "must be positive");
        }
        if (window.lookback().isNegative()) {
          report(streamPath + ".window.lookback", window.lookback().toString(),
              "must not be negative");
        }
      }));
    });
  }

  /**
   * A push source is fed by {@code dif serve}: nothing of pulling applies, its events and
   * uploads name streams of its own, and its events stream lands JSON arrays.
   */
  private void checkPush(String path, SourceConfig source, PushConfig push) {
    String pushed = "a push source is fed by dif serve, nothing is pulled from it";
    source.baseUrl().ifPresent(url -> report(path + ".base_url", url, pushed));
    if (source.sandbox().isPresent()) {
      report(path + ".sandbox", "", pushed);
    }
    if (source.auth().type() != AuthType.NONE) {
      report(path + ".auth.type", ConfigNames.yamlEnumValue(source.auth().type()),
          "a push source authenticates its senders with API keys (dif keys create), not auth");
    }
    if (source.rateLimit().isPresent()) {
      report(path + ".rate_limit", "", "limits of a push source go in push.limits");
    }
    if (source.jdbc().isPresent() || source.sftp().isPresent()) {
      report(path + ".push", "", "give one of push, jdbc and sftp");
    }
    if (push.events().isEmpty() && push.uploads().isEmpty()) {
      report(path + ".push", "", "give events or uploads (or both): the streams that posted"
          + " events and uploaded files land in");
    }
    if (push.events().isPresent() && push.events().equals(push.uploads())) {
      report(path + ".push.uploads", push.uploads().get(), "events and uploads land in the"
          + " same stream; give each its own stream");
    }
    push.events().filter(name -> !source.streams().containsKey(name)).ifPresent(name ->
        report(path + ".push.events", name, "names an undefined stream; streams of this source"
            + " are " + source.streams().keySet()));
    push.uploads().filter(name -> !source.streams().containsKey(name)).ifPresent(name ->
        report(path + ".push.uploads", name, "names an undefined stream; streams of this"
            + " source are " + source.streams().keySet()));
    push.signature().ifPresent(signature -> {
      if (signature.tolerance().isNegative() || signature.tolerance().isZero()
          || signature.tolerance().compareTo(java.time.Duration.ofHours(1)) > 0) {
        report(path + ".push.signature.tolerance", signature.tolerance().toString(),
            "must be positive and at most PT1H");
      }
    });
    if (push.limits().maxInflatedBytes() < push.limits().maxBodyBytes()) {
      report(path + ".push.limits.max_inflated_bytes",
          String.valueOf(push.limits().maxInflatedBytes()), "must be at least max_body_bytes "
              + push.limits().maxBodyBytes());
    }
    source.streams().forEach((streamName, stream) -> {
      String streamPath = path + ".streams." + streamName;
      if (!streamName.matches(Names.IDENTIFIER)) {
        report(streamPath, streamName, "stream names must match " + Names.IDENTIFIER);
      }
      String notPulled = "is not for the streams of a push source: nothing is pulled";
      if (stream.request().isPresent()) {
        report(streamPath + ".request", "", notPulled);
      }
      if (stream.paginate().type() != PaginationType.NONE) {
        report(streamPath + ".paginate", "", notPulled);
      }
      if (stream.forEach().isPresent()) {
        report(streamPath + ".for_each", "", notPulled);
      }
      if (stream.window().isPresent()) {
        report(streamPath + ".window", "", notPulled);
      }
      if (stream.report().isPresent()) {
        report(streamPath + ".report", "", notPulled);
      }
      if (stream.jdbc().isPresent() || stream.sftp().isPresent()) {
        report(streamPath + (stream.jdbc().isPresent() ? ".jdbc" : ".sftp"), "", notPulled);
      }
      boolean events = push.events().map(streamName::equals).orElse(false);
      boolean uploads = push.uploads().map(streamName::equals).orElse(false);
      if (events) {
        if (!stream.records().isEmpty()) {
          report(streamPath + ".records", stream.records(), "must be \"\" for the events"
              + " stream of a push source: its pages are JSON arrays of the events");
        }
        stream.format().filter(format -> format != DataFormat.JSON).ifPresent(format ->
            report(streamPath + ".format", ConfigNames.yamlEnumValue(format), "the events"
                + " stream of a push source lands json"));
      } else if (!uploads) {
        report(streamPath, streamName, "is neither push.events nor push.uploads of its source:"
            + " nothing would land in it");
      }
    });
  }

  /**
   * A jdbc or sftp source reads a database or a file server, not an API: none of the HTTP keys
   * apply, and each stream says what it reads in the block of its source's kind.
   */
  private void checkDatabaseOrFiles(String path, SourceConfig source) {
    String kind = source.jdbc().isPresent() ? "jdbc" : "sftp";
    String aKind = source.jdbc().isPresent() ? "a jdbc" : "an sftp";
    if (source.jdbc().isPresent() && source.sftp().isPresent()) {
      report(path + ".sftp", "", "give jdbc or sftp, not both");
    }
    String notHttp = "is not for " + aKind + " source: it is not read over HTTP";
    source.baseUrl().ifPresent(url -> report(path + ".base_url", url, notHttp));
    if (source.sandbox().isPresent()) {
      report(path + ".sandbox", "", notHttp);
    }
    if (source.auth().type() != AuthType.NONE) {
      report(path + ".auth.type", ConfigNames.yamlEnumValue(source.auth().type()),
          aKind + " source logs in with the credentials named in its " + kind + " block");
    }
    source.sftp().ifPresent(sftp -> {
      if (sftp.passwordCredential().isPresent() == sftp.privateKeyCredential().isPresent()) {
        report(path + ".sftp.password_credential", "",
            "give password_credential or private_key_credential (one of them)");
      }
      if (sftp.privateKeyPassphraseCredential().isPresent()
          && sftp.privateKeyCredential().isEmpty()) {
        report(path + ".sftp.private_key_passphrase_credential", "",
            "is only for private_key_credential");
      }
    });
    source.streams().forEach((streamName, stream) -> {
      String streamPath = path + ".streams." + streamName;
      if (!streamName.matches(Names.IDENTIFIER)) {
        report(streamPath, streamName, "stream names must match " + Names.IDENTIFIER);
      }
      String notPaged = "is not for the streams of " + aKind + " source";
      if (stream.request().isPresent()) {
        report(streamPath + ".request", "", notPaged);
      }
      if (stream.paginate().type() != PaginationType.NONE) {
        report(streamPath + ".paginate", "", notPaged);
      }
      if (stream.forEach().isPresent()) {
        report(streamPath + ".for_each", "", notPaged);
      }
      if (stream.window().isPresent()) {
        report(streamPath + ".window", "", notPaged);
      }
      if (stream.report().isPresent()) {
        report(streamPath + ".report", "", notPaged);
      }
      if (source.jdbc().isPresent()) {
        if (stream.sftp().isPresent()) {
          report(streamPath + ".sftp", "", notPaged);
        }
        stream.jdbc().ifPresentOrElse(jdbc -> checkJdbcStream(streamPath + ".jdbc", stream, jdbc),
            () -> report(streamPath + ".jdbc", "", "is required: the table or query of a stream"
                + " of a jdbc source"));
      } else {
        if (stream.jdbc().isPresent()) {
          report(streamPath + ".jdbc", "", notPaged);
        }
        if (stream.sftp().isEmpty()) {
          report(streamPath + ".sftp", "", "is required: the folder and glob of a stream of an"
              + " sftp source");
        }
        stream.sftp().ifPresent(sftp -> {
          if (sftp.stableAfter().isNegative()) {
            report(streamPath + ".sftp.stable_after", sftp.stableAfter().toString(),
                "must not be negative");
          }
          if (sftp.glob().contains("/")) {
            report(streamPath + ".sftp.glob", sftp.glob(), "matches the file names in the folder,"
                + " so it must not hold '/'");
          }
        });
      }
    });
  }

  private void checkJdbcStream(String path, StreamConfig stream, JdbcStreamConfig jdbc) {
    if (jdbc.table().isPresent() == jdbc.query().isPresent()) {
      report(path + ".table", jdbc.table().orElse(""), "give table or query (one of them)");
    }
    if (jdbc.lookback().isNegative()) {
      report(path + ".lookback", jdbc.lookback().toString(), "must not be negative");
    }
    jdbc.key().filter(jdbc.watermark()::equals).ifPresent(key -> report(path + ".key", key,
        "is the watermark column: leave key out when the watermark is unique"));
    if (jdbc.fetchSize() > jdbc.pageSize()) {
      report(path + ".fetch_size", String.valueOf(jdbc.fetchSize()),
          "must not exceed page_size " + jdbc.pageSize());
    }
    stream.format().filter(format -> format != DataFormat.JSON_LINES).ifPresent(format ->
        report(path.substring(0, path.length() - ".jdbc".length()) + ".format",
            ConfigNames.yamlEnumValue(format), "a jdbc stream lands json_lines (one row a line)"));
  }

  /**
   * Only JSON pages are scanned, so paging that reads values or record counts from the body
   * needs JSON; a stream's and its report's format must agree.
   */
  private void checkFormat(String path, StreamConfig stream) {
    DataFormat format = stream.landedFormat();
    if (stream.format().isPresent() && stream.report().isPresent()
        && stream.report().get().format().isPresent()
        && stream.report().get().format().get() != stream.format().get()) {
      report(path + ".report.format", ConfigNames.yamlEnumValue(stream.report().get().format()
          .get()), "disagrees with the stream's format "
          + ConfigNames.yamlEnumValue(stream.format().get()) + "; give the format once");
    }
    if (format == DataFormat.JSON) {
      return;
    }
    PaginateConfig paginate = stream.paginate();
    String reason = "needs values or record counts from the page, so it works only with json"
        + " pages, not " + ConfigNames.yamlEnumValue(format);
    if (paginate.type() != PaginationType.NONE && paginate.type() != PaginationType.LINK_HEADER) {
      report(path + ".paginate.type", ConfigNames.yamlEnumValue(paginate.type()), reason
          + " (link_header works with every format)");
    }
    paginate.untilMissing().ifPresent(v -> report(path + ".paginate.until_missing", v, reason));
    paginate.hasMore().ifPresent(v -> report(path + ".paginate.has_more", v, reason));
    paginate.total().ifPresent(v -> report(path + ".paginate.total", v, reason));
    if (paginate.stopOnEmptyPage().orElse(false)) {
      report(path + ".paginate.stop_on_empty_page", "true", reason);
    }
  }

  private void checkReport(String path, ReportConfig report) {
    report.noDataWhen().ifPresent(noData -> {
      if (noData.pointer().isPresent() != noData.value().isPresent()) {
        report(path + ".no_data_when", "", "give pointer and value together");
      }
      if (!noData.urlMissing() && noData.pointer().isEmpty()) {
        report(path + ".no_data_when", "", "give url_missing: true, or pointer and value");
      }
    });
  }

  private void checkThrottle(String path, ThrottleConfig throttle) {
    if (!throttle.whenHeaders().isEmpty() && throttle.statuses().isEmpty()) {
      report(path + ".when_headers", "", "qualifies throttle.statuses, which is empty");
    }
    if (!throttle.bodyCodes().isEmpty() && throttle.bodyCode().isEmpty()) {
      report(path + ".body_code", "", "is required when body_codes is given");
    }
    for (int i = 0; i < throttle.bodyMessages().size(); i++) {
      try {
        Pattern.compile(throttle.bodyMessages().get(i));
      } catch (PatternSyntaxException e) {
        report(path + ".body_messages[" + i + "]", throttle.bodyMessages().get(i),
            "is not a regular expression: " + e.getDescription());
      }
    }
    if (throttle.waitOrder().contains(ThrottleWait.WAIT_HEADER)
        && throttle.waitHeader().isEmpty()) {
      report(path + ".wait_order", "wait_header", "names wait_header, which is not given");
    }
  }

  private void checkPagination(String path, PaginateConfig paginate) {
    switch (paginate.type()) {
      case CURSOR -> {
        if (paginate.token().isEmpty()) {
          report(path + ".token", "", "is required when paginate.type is cursor");
        }
        if (paginate.param().isEmpty()) {
          report(path + ".param", "", "is required when paginate.type is cursor");
        }
      }
      case NEXT_URL -> {
        if (paginate.nextUrl().isEmpty()) {
          report(path + ".next_url", "", "is required when paginate.type is next_url");
        }
      }
      case PAGE_NUMBER, OFFSET -> {
        if (paginate.param().isEmpty()) {
          report(path + ".param", "", "is required when paginate.type is "
              + ConfigNames.yamlEnumValue(paginate.type()));
        }
      }
      case LINK_HEADER, NONE -> { }
    }
  }

  private void checkParent(String path, String streamName, ForEachConfig forEach,
      SourceConfig source) {
    String parentPath = path + ".for_each.stream";
    if (!source.streams().containsKey(forEach.stream())) {
      report(parentPath, forEach.stream(),
          "names an undefined stream; streams of this source are " + source.streams().keySet());
      return;
    }
    Set<String> seen = new LinkedHashSet<>(List.of(streamName));
    String current = forEach.stream();
    while (current != null) {
      if (!seen.add(current)) {
        report(parentPath, forEach.stream(), "streams depend on each other in a cycle: "
            + String.join(" -> ", seen) + " -> " + current);
        return;
      }
      StreamConfig parent = source.streams().get(current);
      current = parent == null ? null : parent.forEach().map(ForEachConfig::stream).orElse(null);
    }
  }

  private void checkDataset(String path, ClientConfig config, DatasetConfig dataset) {
    skipIncomplete(() -> checkFrom(path, config, dataset.from()));
    skipIncomplete(() -> checkColumnsAndKey(path, dataset));
    skipIncomplete(() -> checkDatasetInputs(path, config, dataset));
    skipIncomplete(() -> checkDatasetFormat(path, config, dataset));
    if (dataset.retention() != null) {
      dataset.retention().ifPresent(retention -> skipIncomplete(
          () -> checkRetention(path + ".retention", dataset, retention)));
    }
  }

  private void checkRetention(String path, DatasetConfig dataset, RetentionConfig retention) {
    if (retention.anonymizeAfter().isEmpty() && retention.deleteAfter().isEmpty()) {
      report(path, "", "give anonymize_after, delete_after or both");
    }
    retention.anonymizeAfter().ifPresent(period -> checkAge(path + ".anonymize_after", period));
    retention.deleteAfter().ifPresent(period -> checkAge(path + ".delete_after", period));
    if (retention.anonymizeAfter().isPresent() && retention.deleteAfter().isPresent()
        && !longer(retention.deleteAfter().get(), retention.anonymizeAfter().get())) {
      report(path + ".delete_after", retention.deleteAfter().get().toString(), "must be longer"
          + " than anonymize_after (" + retention.anonymizeAfter().get() + ")");
    }
    if (retention.anonymizeAfter().isPresent() && dataset.columns() != null
        && dataset.columns().stream().noneMatch(column -> column.anonymize() != null
            && column.anonymize().isPresent())) {
      report(path + ".anonymize_after", retention.anonymizeAfter().get().toString(), "needs a"
          + " personal-data column: give a column an anonymize rule");
    }
  }

  private void checkAge(String path, java.time.Period period) {
    if (period.isNegative() || period.isZero()) {
      report(path, period.toString(), "must be a positive period, e.g. P90D or P3Y");
    }
  }

  /** Whether {@code a} is longer than {@code b} counted from any day (months vary). */
  private static boolean longer(java.time.Period a, java.time.Period b) {
    LocalDate from = LocalDate.of(2000, 1, 31);
    return from.plus(a).isAfter(from.plus(b)) && LocalDate.of(2001, 2, 28).plus(a)
        .isAfter(LocalDate.of(2001, 2, 28).plus(b));
  }

  /**
   * A dataset reads its pages in the format its stream lands them, when the stream says it
   * (its or its report's {@code format}; a jdbc stream lands json_lines). A stream that says
   * nothing lands JSON, but datasets over such streams are not refused (pages may be put in
   * the raw zone by other means, as the transform's tests do).
   */
  private void checkDatasetFormat(String path, ClientConfig config, DatasetConfig dataset) {
    Optional.ofNullable(config.sources().get(dataset.from().source()))
        .map(source -> source.streams().get(dataset.from().stream()))
        .filter(stream -> stream.format().isPresent() || stream.jdbc().isPresent()
            || stream.report().flatMap(ReportConfig::format).isPresent())
        .map(StreamConfig::landedFormat)
        .filter(landed -> landed != dataset.format())
        .ifPresent(landed -> report(path + ".format",
            ConfigNames.yamlEnumValue(dataset.format()), "disagrees with the format stream "
                + dataset.from() + " lands: " + ConfigNames.yamlEnumValue(landed)
                + "; give the dataset format: " + ConfigNames.yamlEnumValue(landed)));
  }

  /**
   * Request context, value preparation, CSV header and footer detection and the encoding of a
   * dataset: each setting only where it has a meaning, every pattern compiles.
   */
  private void checkDatasetInputs(String path, ClientConfig config, DatasetConfig dataset) {
    dataset.encoding().ifPresent(encoding -> checkCharset(path + ".encoding", encoding));
    checkCharset(path + ".csv.encoding", dataset.csv().encoding());
    CsvConfig csv = dataset.csv();
    if (csv.headerStartsWith().isPresent() && csv.headerPattern().isPresent()) {
      report(path + ".csv.header_pattern", csv.headerPattern().get(),
          "give header_starts_with or header_pattern, not both");
    }
    if (!csv.header() && (csv.headerStartsWith().isPresent() || csv.headerPattern().isPresent())) {
      report(path + ".csv.header", "false", "header detection needs header: true");
    }
    if (csv.footerStartsWith().isPresent() && csv.footerPattern().isPresent()) {
      report(path + ".csv.footer_pattern", csv.footerPattern().get(),
          "give footer_starts_with or footer_pattern, not both");
    }
    if (csv.skipFooterLines() > 0 && (csv.footerStartsWith().isPresent()
        || csv.footerPattern().isPresent())) {
      report(path + ".csv.skip_footer_lines", String.valueOf(csv.skipFooterLines()),
          "give skip_footer_lines or a footer to detect, not both");
    }
    csv.headerPattern().ifPresent(regex -> checkRegex(path + ".csv.header_pattern", regex));
    csv.footerPattern().ifPresent(regex -> checkRegex(path + ".csv.footer_pattern", regex));
    Set<String> context = new LinkedHashSet<>(List.of("window_start", "window_end", "dt"));
    Optional.ofNullable(config.sources().get(dataset.from().source()))
        .map(source -> source.streams().get(dataset.from().stream()))
        .ifPresent(stream -> contextVariables(config.sources().get(dataset.from().source()),
            stream, context));
    for (int i = 0; i < dataset.columns().size(); i++) {
      ColumnConfig column = dataset.columns().get(i);
      String at = path + ".columns[" + i + "]";
      ColumnType.Kind kind = column.type().kind();
      boolean number = kind == ColumnType.Kind.INT || kind == ColumnType.Kind.LONG
          || kind == ColumnType.Kind.DOUBLE || kind == ColumnType.Kind.DECIMAL;
      column.fromContext().ifPresent(name -> {
        if (column.source().isPresent()) {
          report(at + ".from_context", name, "give source or from_context, not both");
        }
        if (!context.contains(name)) {
          report(at + ".from_context", name, "is not in the request context of stream "
              + dataset.from() + "; it has " + context);
        }
      });
      column.stripPattern().ifPresent(regex -> checkRegex(at + ".strip_pattern", regex));
      column.divideBy().ifPresent(divisor -> {
        if (!number) {
          report(at + ".divide_by", divisor, "is only for number columns");
        } else if (new BigDecimal(divisor).signum() == 0) {
          report(at + ".divide_by", divisor, "must not be 0");
        }
      });
    }
  }

  /** The template variables a stream's pages carry: those its parent binds (for_each). */
  private static void contextVariables(SourceConfig source, StreamConfig stream,
      Set<String> variables) {
    stream.forEach().ifPresent(forEach -> variables.addAll(forEach.bind().keySet()));
  }

  private void checkRegex(String path, String regex) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      report(path, regex, "is not a regular expression: " + e.getDescription());
    }
  }

  private void checkCharset(String path, String encoding) {
    try {
      java.nio.charset.Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      report(path, encoding, "is not a character encoding known to Java (UTF-8,"
          + " ISO-8859-1, UTF-16LE, windows-1252 ...)");
    }
  }

  private void checkFrom(String path, ClientConfig config, StreamRef from) {
    SourceConfig source = config.sources().get(from.source());
    if (source == null) {
      report(path + ".from", from.toString(),
          "names an undefined source; sources are " + config.sources().keySet());
    } else if (!source.streams().containsKey(from.stream())) {
      report(path + ".from", from.toString(), "names an undefined stream; streams of source "
          + from.source() + " are " + source.streams().keySet());
    }
  }

  private void checkColumnsAndKey(String path, DatasetConfig dataset) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < dataset.columns().size(); i++) {
      String name = dataset.columns().get(i).name();
      if (!names.add(name)) {
        report(path + ".columns[" + i + "].name", name, "column name is used twice");
      }
    }
    for (int i = 0; i < dataset.columns().size(); i++) {
      checkColumnTime(path + ".columns[" + i + "]", dataset.columns().get(i));
      checkColumnCleaning(path + ".columns[" + i + "]", dataset.columns().get(i),
          dataset.key().contains(dataset.columns().get(i).name()));
    }
    if (names.contains("dt")) {
      report(path + ".columns", "dt", "dt is the partition column DIF adds; rename the column");
    }
    for (int i = 0; i < dataset.key().size(); i++) {
      String key = dataset.key().get(i);
      if (!names.contains(key)) {
        report(path + ".key[" + i + "]", key, "names no column of this dataset");
      }
    }
    checkDestinationColumns(path + ".destination", dataset, names);
    LoadMode mode = dataset.destination().mode();
    if (mode != LoadMode.APPEND && dataset.key().isEmpty()) {
      report(path + ".key", "", "is required when destination.mode is "
          + ConfigNames.yamlEnumValue(mode));
    }
  }

  /** A format only on date and timestamp columns, a time zone only on timestamp columns. */
  private void checkColumnTime(String path, ColumnConfig column) {
    ColumnType.Kind kind = column.type().kind();
    column.format().ifPresent(format -> {
      if (kind != ColumnType.Kind.DATE && kind != ColumnType.Kind.TIMESTAMP) {
        report(path + ".format", format, "is only for date and timestamp columns");
      } else {
        try {
          DateTimeFormatter.ofPattern(format);
        } catch (IllegalArgumentException e) {
          report(path + ".format", format, "is not a datetime pattern: " + e.getMessage());
        }
      }
    });
    column.pattern().ifPresent(regex -> {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        report(path + ".pattern", regex, "is not a regular expression: " + e.getDescription());
      }
    });
    checkBound(path + ".min", column.min(), kind);
    checkBound(path + ".max", column.max(), kind);
    if (!"UTC".equals(column.timeZone())) {
      if (kind != ColumnType.Kind.TIMESTAMP) {
        report(path + ".time_zone", column.timeZone(), "is only for timestamp columns");
      } else {
        try {
          ZoneId.of(column.timeZone());
        } catch (DateTimeException e) {
          report(path + ".time_zone", column.timeZone(), "is not a time zone id, such as"
              + " America/New_York or UTC");
        }
      }
    }
  }

  /**
   * Case only on text columns, separators and currencies only on number columns; an
   * anonymization that fits the column's type (and keeps keys apart: only hmac_sha256 on a
   * key column).
   */
  private void checkColumnCleaning(String path, ColumnConfig column, boolean inKey) {
    ColumnType.Kind kind = column.type().kind();
    boolean number = kind == ColumnType.Kind.INT || kind == ColumnType.Kind.LONG
        || kind == ColumnType.Kind.DOUBLE || kind == ColumnType.Kind.DECIMAL;
    column.textCase().filter(c -> kind != ColumnType.Kind.STRING).ifPresent(c ->
        report(path + ".text_case", ConfigNames.yamlEnumValue(c), "is only for string columns"));
    column.decimalSeparator().filter(c -> !number).ifPresent(c ->
        report(path + ".decimal_separator", c, "is only for number columns"));
    if (column.stripCurrency() && !number) {
      report(path + ".strip_currency", "true", "is only for number columns");
    }
    column.anonymize().ifPresent(anonymize -> {
      String method = ConfigNames.yamlEnumValue(anonymize.method());
      if (inKey && anonymize.method() != AnonymizeMethod.HMAC_SHA256) {
        report(path + ".anonymize.method", method, "a key column may only use hmac_sha256"
            + " (other methods make different keys equal)");
      }
      switch (anonymize.method()) {
        case HMAC_SHA256, MASK -> {
          if (kind != ColumnType.Kind.STRING) {
            report(path + ".anonymize.method", method, "is only for string columns");
          }
        }
        case DROP -> { }
        case GENERALIZE -> {
          if (anonymize.generalize().isEmpty()) {
            report(path + ".anonymize.generalize", "", "is required for generalize: month,"
                + " ip_24 or truncate");
          }
          anonymize.generalize().ifPresent(generalize -> {
            boolean time = kind == ColumnType.Kind.DATE || kind == ColumnType.Kind.TIMESTAMP;
            if (generalize == Generalization.MONTH ? !time : kind != ColumnType.Kind.STRING) {
              report(path + ".anonymize.generalize", ConfigNames.yamlEnumValue(generalize),
                  generalize == Generalization.MONTH ? "is only for date and timestamp columns"
                      : "is only for string columns");
            }
            if (generalize == Generalization.TRUNCATE && anonymize.length() < 1) {
              report(path + ".anonymize.length", String.valueOf(anonymize.length()),
                  "must be at least 1 for truncate");
            }
          });
        }
      }
    });
  }

  /** A min or max is a number for numeric columns and a yyyy-MM-dd date for date columns. */
  private void checkBound(String path, Optional<String> bound, ColumnType.Kind kind) {
    bound.ifPresent(value -> {
      try {
        switch (kind) {
          case INT, LONG, DOUBLE, DECIMAL -> new BigDecimal(value);
          case DATE -> LocalDate.parse(value);
          default -> report(path, value, "is only for number and date columns");
        }
      } catch (NumberFormatException | DateTimeException e) {
        report(path, value, kind == ColumnType.Kind.DATE ? "must be a yyyy-MM-dd date"
            : "must be a number");
      }
    });
  }

  /** Redshift distribution and sort keys name columns of the table: dataset columns or dt. */
  private void checkDestinationColumns(String path, DatasetConfig dataset, Set<String> names) {
    DestinationConfig destination = dataset.destination();
    destination.distKey().filter(key -> !names.contains(key) && !key.equals("dt"))
        .ifPresent(key -> report(path + ".dist_key", key, "names no column of this dataset"));
    for (int i = 0; i < destination.sortKey().size(); i++) {
      String key = destination.sortKey().get(i);
      if (!names.contains(key) && !key.equals("dt")) {
        report(path + ".sort_key[" + i + "]", key, "names no column of this dataset");
      }
    }
  }

  private void report(String path, String value, String rule) {
    int line = lineOf(path);
    problems.add(new ConfigProblem(file, path, line, value.isEmpty() ? "" : "\"" + value + "\"",
        rule));
  }

  /** The line of the path, or of its nearest bound ancestor. */
  private int lineOf(String path) {
    String current = path;
    while (true) {
      Integer line = lines.get(current);
      if (line != null && line > 0) {
        return line;
      }
      int cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
      if (cut < 0) {
        return 0;
      }
      current = current.substring(0, cut);
    }
  }
}
