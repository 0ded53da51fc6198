package io.dif.core.config;

/** Settings of the built-in sandbox ad platform. */
public record SandboxConfig(
    @ConfigField(description = "Seed of the synthetic data; the same seed serves the same data.",
        defaultValue = "42")
    long seed,
    @ConfigField(description = "Number of campaigns served.", defaultValue = "12", min = 1,
        max = 10000)
    int campaigns,
    @ConfigField(description = "Requests per second the sandbox accepts before answering 429"
        + " with Retry-After; 0 means unlimited.", defaultValue = "0", min = 0)
    int requestsPerSecond) {}
