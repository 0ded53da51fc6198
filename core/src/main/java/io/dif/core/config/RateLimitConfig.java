package io.dif.core.config;

/** Requests allowed per second and at once. */
public record RateLimitConfig(
    @ConfigField(description = "Requests per second allowed for this source.", required = true,
        min = 1, max = 100000)
    int perSecond,
    @ConfigField(description = "Requests in flight at once.", defaultValue = "4", min = 1,
        max = 256)
    int concurrency) {}
