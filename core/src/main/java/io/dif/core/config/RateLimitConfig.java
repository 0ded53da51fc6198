package io.dif.core.config;

import java.util.Optional;

/**
 * Requests allowed per second (and optionally per minute) and at once, shared by every thread
 * and worker process that uses the same {@code scope}.
 */
public record RateLimitConfig(
    @ConfigField(description = "Requests per second allowed for this source.", required = true,
        min = 1, max = 100000)
    int perSecond,
    @ConfigField(description = "Requests in flight at once.", defaultValue = "4", min = 1,
        max = 256)
    int concurrency,
    @ConfigField(description = "Name of the limit: every worker, client and source with the"
        + " same scope shares one budget (through Redis when configured), e.g. meta:act_123 for"
        + " a limit the platform counts per ad account. Default: {client}.{source}.",
        pattern = "[A-Za-z0-9_.:{}\\-]+")
    Optional<String> scope,
    @ConfigField(description = "Requests per minute allowed, in addition to per_second, for"
        + " platforms that count per minute.", min = 1, max = 6000000)
    Optional<Integer> perMinute) {

  /** The limit of {@code source} of {@code client} when no scope is configured. */
  public String scopeOr(String client, String source) {
    return scope.orElse(client + "." + source);
  }
}
