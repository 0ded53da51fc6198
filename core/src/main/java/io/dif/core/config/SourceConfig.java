package io.dif.core.config;

import java.time.Period;
import java.util.Map;
import java.util.Optional;

/** One API (or the built-in sandbox) and the streams DIF pulls from it, or a push source. */
public record SourceConfig(
    @ConfigField(description = "Base URL every request path is appended to, e.g."
        + " https://graph.facebook.com/v21.0. Leave out when `sandbox` is set.",
        pattern = "https?://.+")
    Optional<String> baseUrl,
    @ConfigField(description = "Serve this source from DIF's built-in sandbox ad platform"
        + " (deterministic synthetic data, started by the CLI) instead of a real API.")
    Optional<SandboxConfig> sandbox,
    @ConfigField(description = "Clients push to this source through `dif serve` (events and"
        + " uploads) instead of DIF pulling it: no base_url, its streams have no request.")
    Optional<PushConfig> push,
    @ConfigField(description = "Read a client's database (PostgreSQL or MySQL) instead of an"
        + " API: no base_url; each stream names its table or query in its own jdbc block.")
    Optional<JdbcSourceConfig> jdbc,
    @ConfigField(description = "Download files from a client's SFTP server instead of an API:"
        + " no base_url; each stream names its folder and glob in its own sftp block.")
    Optional<SftpSourceConfig> sftp,
    @ConfigField(description = "How requests authenticate.")
    AuthConfig auth,
    @ConfigField(description = "Request rate limit shared by every request to this source.")
    Optional<RateLimitConfig> rateLimit,
    @ConfigField(description = "Retries of failed and throttled requests.")
    RetryConfig retry,
    @ConfigField(description = "Answers that mean throttling besides HTTP 429.")
    ThrottleConfig throttle,
    @ConfigField(description = "Streams (endpoints) of this source, by name.", required = true)
    Map<String, StreamConfig> streams,
    @ConfigField(description = "Age (ISO-8601 period, e.g. P30D) after which the raw runs of"
        + " this source (pages as received, personal data included) are deleted, counted from"
        + " when the run landed; applied by dif retention run (in AWS also an S3 lifecycle"
        + " rule). Kept when left out.")
    Optional<Period> rawRetention) {

  /** True for a source clients push to ({@code dif serve}), which extraction skips. */
  public boolean pushed() {
    return push.isPresent();
  }
}
