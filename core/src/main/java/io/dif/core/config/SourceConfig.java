package io.dif.core.config;

import java.util.Map;
import java.util.Optional;

/** One API (or the built-in sandbox) and the streams DIF pulls from it. */
public record SourceConfig(
    @ConfigField(description = "Base URL every request path is appended to, e.g."
        + " https://graph.facebook.com/v21.0. Leave out when `sandbox` is set.",
        pattern = "https?://.+")
    Optional<String> baseUrl,
    @ConfigField(description = "Serve this source from DIF's built-in sandbox ad platform"
        + " (deterministic synthetic data, started by the CLI) instead of a real API.")
    Optional<SandboxConfig> sandbox,
    @ConfigField(description = "How requests authenticate.")
    AuthConfig auth,
    @ConfigField(description = "Request rate limit shared by every request to this source.")
    Optional<RateLimitConfig> rateLimit,
    @ConfigField(description = "Retries of failed and throttled requests.")
    RetryConfig retry,
    @ConfigField(description = "Answers that mean throttling besides HTTP 429.")
    ThrottleConfig throttle,
    @ConfigField(description = "Streams (endpoints) of this source, by name.", required = true)
    Map<String, StreamConfig> streams) {}
