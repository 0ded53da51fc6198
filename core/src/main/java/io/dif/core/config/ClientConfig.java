package io.dif.core.config;

import java.util.Map;
import java.util.Optional;

/** Everything DIF knows about one client: where its data comes from and what it becomes. */
public record ClientConfig(
    @ConfigField(description = "Version of the config format; this DIF reads version 1.",
        required = true, min = 1, max = 1)
    int version,
    @ConfigField(description = "Client id: lower-case letters, digits and '_'; names the zones"
        + " and the warehouse rows of this client.", required = true, pattern = Names.IDENTIFIER)
    String client,
    @ConfigField(description = "Sources (APIs) to pull from, by name.", required = true)
    Map<String, SourceConfig> sources,
    @ConfigField(description = "Curated datasets built from the streams of the sources, by name.")
    Map<String, DatasetConfig> datasets,
    @ConfigField(description = "Where this client's alerts go and when its documents count as"
        + " stuck; without it the deployment's alert target and a 6 hour limit apply.")
    Optional<AlertsConfig> alerts,
    @ConfigField(description = "When the deployment runs this client (an EventBridge Scheduler"
        + " schedule starting the state machine); without it the client runs only when started.")
    Optional<ScheduleConfig> schedule) {

  /** Finds a stream by its qualified name {@code source.stream}. */
  public StreamConfig stream(StreamRef ref) {
    SourceConfig source = sources.get(ref.source());
    StreamConfig stream = source == null ? null : source.streams().get(ref.stream());
    if (stream == null) {
      throw new IllegalArgumentException("No stream " + ref + " in client " + client);
    }
    return stream;
  }
}
