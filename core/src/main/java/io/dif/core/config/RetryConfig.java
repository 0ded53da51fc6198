package io.dif.core.config;

import java.time.Duration;

/** Retries with exponential backoff and jitter, for 429, 5xx and network failures. */
public record RetryConfig(
    @ConfigField(description = "Attempts per request, the first included.", defaultValue = "6",
        min = 1, max = 50)
    int maxAttempts,
    @ConfigField(description = "First backoff delay; each retry doubles it, with jitter.",
        defaultValue = "PT0.2S")
    Duration initialBackoff,
    @ConfigField(description = "Longest backoff delay (a Retry-After header may ask for longer).",
        defaultValue = "PT30S")
    Duration maxBackoff) {}
