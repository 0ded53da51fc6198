package io.dif.extract;

import io.dif.core.config.SourceConfig;

/** Where each source is reached; the CLI answers for sandbox sources with the sandbox's URL. */
@FunctionalInterface
public interface BaseUrls {
  String of(String sourceName, SourceConfig source);

  /** The {@code base_url} of the config. */
  static BaseUrls fromConfig() {
    return (name, source) -> source.baseUrl().orElseThrow(() -> new IllegalStateException(
        "source " + name + " has no base_url"));
  }
}
