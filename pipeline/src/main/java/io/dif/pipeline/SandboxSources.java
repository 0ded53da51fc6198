package io.dif.pipeline;

import io.dif.core.config.AuthType;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.SandboxConfig;
import io.dif.core.config.SourceConfig;
import io.dif.core.credential.CredentialKind;
import io.dif.core.credential.Secret;
import io.dif.core.credential.WritableCredentialStore;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.extract.BaseUrls;
import io.dif.sandbox.SandboxServer;
import io.dif.sandbox.SandboxSettings;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Starts the built-in sandbox ad platform for each source of a client that asks for it, and
 * answers the base URL of every source: the sandbox's for those, {@code base_url} otherwise.
 *
 * <p>A sandbox source with bearer auth gets a server that checks the token. The token is the
 * client's stored credential; when it is not stored yet, a random one is created and stored
 * (encrypted, put-if-absent so that concurrent first runs agree on it), so the demo exercises
 * the real credential path with nothing to set up.
 */
public final class SandboxSources implements BaseUrls, AutoCloseable {
  private final Map<String, SandboxServer> servers = new HashMap<>();

  public SandboxSources(ClientConfig client, WritableCredentialStore credentials) {
    client.sources().forEach((name, source) -> source.sandbox().ifPresent(sandbox -> {
      SandboxSettings settings = settings(sandbox);
      if (source.auth().type() == AuthType.BEARER) {
        String credential = source.auth().credential().orElseThrow();
        settings = settings.withAccessToken(token(client.client(), credential, credentials)
            .reveal());
      } else if (source.auth().type() != AuthType.NONE) {
        throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot start the sandbox of"
            + " source " + client.client() + "." + name + ": it supports auth none or bearer");
      }
      servers.put(name, SandboxServer.start(settings));
    }));
  }

  private static Secret token(String client, String name, WritableCredentialStore credentials) {
    boolean stored = credentials.list(client).stream().anyMatch(info -> info.name().equals(name));
    if (stored) {
      return credentials.get(client, name);
    }
    // two first runs may get here together: one token is stored and both use it
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return credentials.putIfAbsent(client, name, CredentialKind.ACCESS_TOKEN,
        Secret.of("sandbox-" + HexFormat.of().formatHex(random)));
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

  @Override
  public void close() {
    servers.values().forEach(SandboxServer::close);
  }
}
