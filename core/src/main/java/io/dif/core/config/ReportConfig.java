package io.dif.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An asynchronous report job: the stream's request creates the report, {@code poll} asks for
 * its status until done, then every result URL is downloaded and landed as received.
 */
public record ReportConfig(
    @ConfigField(description = "JSON pointer to the report id in the create answer; the id is"
        + " {report_id} in the poll request.", required = true, pattern = Names.JSON_POINTER)
    String reportId,
    @ConfigField(description = "Statuses of a create answer that says the report was already"
        + " requested (e.g. Amazon Ads 425).")
    List<Integer> duplicateStatuses,
    @ConfigField(description = "Regular expression whose first group finds the existing report"
        + " id in a duplicate answer's body.")
    Optional<String> duplicateId,
    @ConfigField(description = "The status request.", required = true)
    RequestConfig poll,
    @ConfigField(description = "JSON pointer to the status in the poll answer.", required = true,
        pattern = Names.JSON_POINTER)
    String status,
    @ConfigField(description = "Status values while the report is being built.", required = true)
    List<String> running,
    @ConfigField(description = "Status values of a finished report.", required = true)
    List<String> done,
    @ConfigField(description = "Status values of a failed report.")
    List<String> failed,
    @ConfigField(description = "JSON pointer to the reason of a failure in the poll answer.",
        pattern = Names.JSON_POINTER)
    Optional<String> failureReason,
    @ConfigField(description = "JSON pointer to the result URL, or to an array of URLs, in the"
        + " poll answer of a finished report.", required = true, pattern = Names.JSON_POINTER)
    String downloadUrl,
    @ConfigField(description = "Send the source's auth with downloads (presigned URLs need"
        + " none).", defaultValue = "false")
    boolean downloadAuth,
    @ConfigField(description = "Download statuses that mean the URL expired: poll again for a"
        + " fresh one. 403 and 410 when left out.")
    List<Integer> expiredStatuses,
    @ConfigField(description = "Fresh URLs asked for at most, per report.", defaultValue = "3",
        min = 0, max = 100)
    int maxUrlRefreshes,
    @ConfigField(description = "Wait before the first poll; doubled after each poll.",
        defaultValue = "PT5S")
    Duration interval,
    @ConfigField(description = "Longest wait between polls.", defaultValue = "PT1M")
    Duration maxInterval,
    @ConfigField(description = "Give up when the report is not done after this long.",
        defaultValue = "PT1H")
    Duration timeout,
    @ConfigField(description = "Times a report that ends in a failed status is created again in"
        + " the same run before the stream fails; the window's other reports go on meanwhile.",
        defaultValue = "2", min = 0, max = 20)
    int recreateOnFailure,
    @ConfigField(description = "When a finished report has no data (e.g. Microsoft's Success"
        + " with ReportDownloadUrl null): its window lands as a committed run without pages.")
    Optional<NoDataConfig> noDataWhen,
    @ConfigField(description = "Format of the report's files (gzip and zip are landed as they"
        + " are); the same as the stream's format, which is the place for it. Left out: the"
        + " stream's format.")
    Optional<DataFormat> format) {}
