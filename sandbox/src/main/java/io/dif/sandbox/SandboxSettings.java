package io.dif.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link SandboxServer} behaves: which data it serves, how fast it answers and whether it
 * checks an access token.
 *
 * @param seed seed of the synthetic data; the same seed always serves the same bodies
 * @param campaigns number of campaigns, 0 to {@value #MAX_CAMPAIGNS}
 * @param requestsPerSecond requests the whole server accepts in any one-second window before it
 *     answers 429; 0 means unlimited
 * @param accessToken when present, every request must send {@code Authorization: Bearer <token>}
 * @param port TCP port on 127.0.0.1; 0 picks a free one
 */
public record SandboxSettings(
    long seed, int campaigns, int requestsPerSecond, Optional<String> accessToken, int port) {

  public static final int MAX_CAMPAIGNS = 10_000;

  public SandboxSettings {
    Objects.requireNonNull(accessToken, "accessToken");
    List<String> problems = new ArrayList<>();
    if (campaigns < 0 || campaigns > MAX_CAMPAIGNS) {
      problems.add("campaigns must be between 0 and " + MAX_CAMPAIGNS + ": " + campaigns);
    }
    if (requestsPerSecond < 0) {
      problems.add("requestsPerSecond must be 0 (unlimited) or more: " + requestsPerSecond);
    }
    if (accessToken.isPresent() && accessToken.get().isBlank()) {
      problems.add("accessToken must not be blank when present");
    }
    if (port < 0 || port > 65_535) {
      problems.add("port must be between 0 (any free port) and 65535: " + port);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot configure sandbox server: " + String.join("; ", problems));
    }
  }

  /** Seed 42, 12 campaigns, no rate limit, no access token, any free port. */
  public static SandboxSettings defaults() {
    return new SandboxSettings(42, 12, 0, Optional.empty(), 0);
  }

  public SandboxSettings withSeed(long seed) {
    return new SandboxSettings(seed, campaigns, requestsPerSecond, accessToken, port);
  }

  public SandboxSettings withCampaigns(int campaigns) {
    return new SandboxSettings(seed, campaigns, requestsPerSecond, accessToken, port);
  }

  public SandboxSettings withRequestsPerSecond(int requestsPerSecond) {
    return new SandboxSettings(seed, campaigns, requestsPerSecond, accessToken, port);
  }

  public SandboxSettings withAccessToken(String accessToken) {
    return new SandboxSettings(
        seed, campaigns, requestsPerSecond, Optional.of(accessToken), port);
  }

  public SandboxSettings withoutAccessToken() {
    return new SandboxSettings(seed, campaigns, requestsPerSecond, Optional.empty(), port);
  }

  public SandboxSettings withPort(int port) {
    return new SandboxSettings(seed, campaigns, requestsPerSecond, accessToken, port);
  }

  /** Prints {@code [hidden]} in place of the access token, so settings can be logged. */
  @Override
  public String toString() {
    return "SandboxSettings[seed=" + seed
        + ", campaigns=" + campaigns
        + ", requestsPerSecond=" + requestsPerSecond
        + ", accessToken=" + accessToken.map(token -> "[hidden]").orElse("none")
        + ", port=" + port + "]";
  }
}
