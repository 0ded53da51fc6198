package io.dif.core.config;

import java.util.Optional;

/** One endpoint of a source and how to page through it, or an asynchronous report job. */
public record StreamConfig(
    @ConfigField(description = "The request (for a report: the request that creates it)."
        + " Required, except in the streams of a push source.")
    Optional<RequestConfig> request,
    @ConfigField(description = "JSON pointer to the array of records in a page; empty for a"
        + " page that is an array.", defaultValue = "/data", pattern = Names.JSON_POINTER)
    String records,
    @ConfigField(description = "Pagination.")
    PaginateConfig paginate,
    @ConfigField(description = "Request once per record of a parent stream.")
    Optional<ForEachConfig> forEach,
    @ConfigField(description = "Date windows, each landed under its data date.")
    Optional<WindowConfig> window,
    @ConfigField(description = "Makes the stream an asynchronous report job: request creates it,"
        + " then poll and download.")
    Optional<ReportConfig> report,
    @ConfigField(description = "Format of what the stream lands (pages, or a report's files):"
        + " json, json_lines, csv or xml; a gzip or zip body is detected and landed as it is."
        + " Only json pages are scanned, so paging that reads the body (cursor, next_url,"
        + " page_number, offset, until_missing, has_more, total) needs json. Left out: the"
        + " report's format, else json (json_lines for a jdbc stream, which lands only"
        + " that).")
    Optional<DataFormat> format,
    @ConfigField(description = "For a stream of a jdbc source: the table or query it reads.")
    Optional<JdbcStreamConfig> jdbc,
    @ConfigField(description = "For a stream of an sftp source: the folder and files it"
        + " downloads.")
    Optional<SftpStreamConfig> sftp) {

  /** The format landed: the stream's, else the report's, else JSON (JSON Lines for jdbc). */
  public DataFormat landedFormat() {
    return format.or(() -> report.flatMap(ReportConfig::format))
        .orElse(jdbc.isPresent() ? DataFormat.JSON_LINES : DataFormat.JSON);
  }
}
