package io.dif.core.state;

import java.util.Objects;

/**
 * Which extraction a checkpoint belongs to.
 *
 * @param partition the partition of the stream (a parent record, an account), "" when none
 */
public record CheckpointKey(String client, String source, String stream, String partition) {
  public CheckpointKey {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(stream, "stream");
    partition = partition == null ? "" : partition;
  }

  @Override
  public String toString() {
    return client + "." + source + "." + stream + (partition.isEmpty() ? "" : "[" + partition + "]");
  }
}
