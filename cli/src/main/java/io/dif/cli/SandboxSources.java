package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.SandboxConfig;
import io.dif.core.config.SourceConfig;
import io.dif.extract.BaseUrls;
import io.dif.sandbox.SandboxServer;
import io.dif.sandbox.SandboxSettings;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the built-in sandbox ad platform for each source of a client that asks for it, and
 * answers the base URL of every source: the sandbox's for those, {@code base_url} otherwise.
 */
final class SandboxSources implements BaseUrls, AutoCloseable {
  private final Map<String, SandboxServer> servers = new HashMap<>();

  SandboxSources(ClientConfig client) {
    client.sources().forEach((name, source) -> source.sandbox().ifPresent(sandbox ->
        servers.put(name, SandboxServer.start(settings(sandbox)))));
  }

  private static SandboxSettings settings(SandboxConfig sandbox) {
    return SandboxSettings.defaults()
        .withSeed(sandbox.seed())
        .withCampaigns(sandbox.campaigns())
        .withRequestsPerSecond(sandbox.requestsPerSecond());
  }

  @Override
  public String of(String sourceName, SourceConfig source) {
    SandboxServer server = servers.get(sourceName);
    return server != null ? server.baseUrl() + "/v1" : BaseUrls.fromConfig().of(sourceName, source);
  }

  /** 429 answers the sandboxes gave, to show in summaries. */
  long throttled() {
    return servers.values().stream().mapToLong(s -> s.stats().requestsThrottled()).sum();
  }

  @Override
  public void close() {
    servers.values().forEach(SandboxServer::close);
  }
}
