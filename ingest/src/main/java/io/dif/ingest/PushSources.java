package io.dif.ingest;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.config.PushConfig;
import io.dif.core.config.SourceConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The push sources of the clients a server accepts, read once at start from their YAML. */
public final class PushSources {
  private final Map<String, ClientConfig> clients;

  public PushSources(Map<String, ClientConfig> clients) {
    this.clients = Map.copyOf(clients);
  }

  /** Every {@code *.yaml} client file of the folder (its examples/ subfolder is not read). */
  public static PushSources load(Path confDir) {
    Map<String, ClientConfig> clients = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> listed = Files.list(confDir)) {
      files = listed.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_NOT_FOUND, "Cannot read client configs:"
          + " no folder " + confDir + " (run from the project folder or give --conf-dir)");
    }
    ClientConfigLoader loader = new ClientConfigLoader();
    for (Path file : files) {
      ClientConfig config = loader.load(file);
      clients.put(config.client(), config);
    }
    return new PushSources(clients);
  }

  /** A push source of a client, with its config. */
  record Target(String client, String source, SourceConfig config, PushConfig push,
      ClientConfig clientConfig) {
    String qualified() {
      return client + "." + source;
    }

    /** The datasets read from a stream of this source. */
    List<String> datasetsOf(String stream) {
      return clientConfig.datasets().entrySet().stream()
          .filter(e -> e.getValue().from().source().equals(source)
              && e.getValue().from().stream().equals(stream))
          .map(Map.Entry::getKey).toList();
    }
  }

  Optional<Target> find(String client, String source) {
    return Optional.ofNullable(clients.get(client))
        .map(config -> config.sources().get(source))
        .filter(SourceConfig::pushed)
        .map(config -> new Target(client, source, config, config.push().orElseThrow(),
            clients.get(client)));
  }

  /** Whether the client has a push source of that name: for {@code dif keys create}. */
  public boolean has(String client, String source) {
    return find(client, source).isPresent();
  }

  /** The push sources of a client, for messages. */
  public List<String> pushSourcesOf(String client) {
    ClientConfig config = clients.get(client);
    return config == null ? List.of() : config.sources().entrySet().stream()
        .filter(e -> e.getValue().pushed()).map(Map.Entry::getKey).toList();
  }

  public int count() {
    return (int) clients.values().stream().flatMap(c -> c.sources().values().stream())
        .filter(SourceConfig::pushed).count();
  }
}
