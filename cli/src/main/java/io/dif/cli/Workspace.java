package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** Where client config files and the local data folder are: for commands that read clients. */
final class Workspace extends DataFolder {
  @Option(names = "--conf-dir", defaultValue = "${env:DIF_CONF_DIR:-conf/clients}",
      paramLabel = "DIR", description = "Folder of client config files: a local folder or"
          + " s3://bucket/prefix for the pipeline commands (default: conf/clients; env"
          + " DIF_CONF_DIR).")
  String confDirSetting;

  @Option(names = "--zones-root", paramLabel = "ROOT", defaultValue = "${env:DIF_ZONES_ROOT}",
      description = "Root of the raw, curated and quarantine zones for the pipeline commands: a"
          + " local folder or s3://bucket/prefix (default: the data folder; env DIF_ZONES_ROOT).")
  String zonesRoot;

  @Option(names = "--catalog", paramLabel = "CATALOG", defaultValue = "${env:DIF_CATALOG}",
      description = "Catalog of the curated Iceberg tables: local (default), jdbc:URL or glue"
          + " (env DIF_CATALOG).")
  String catalog;

  @Option(names = "--s3-endpoint", paramLabel = "URL", defaultValue = "${env:DIF_S3_ENDPOINT}",
      description = "S3 endpoint of an S3-compatible server (path-style); AWS needs none"
          + " (env DIF_S3_ENDPOINT).")
  String s3Endpoint;

  private Path confDir;

  /** The local config folder ({@code --conf-dir} when it is not on S3). */
  Path confDir() {
    if (confDir == null) {
      confDir = Path.of(confDirSetting == null ? "conf/clients" : confDirSetting);
    }
    return confDir;
  }

  /** Whether the client configs are S3 objects (read through the deployment). */
  boolean confOnS3() {
    return confDirSetting != null && confDirSetting.startsWith("s3://");
  }

  void addTo(java.util.Map<io.dif.pipeline.ProfileKey, String> profile) {
    profile.put(io.dif.pipeline.ProfileKey.DATA_DIR, ready().toString());
    profile.put(io.dif.pipeline.ProfileKey.CONF_DIR, confDirSetting);
    profile.put(io.dif.pipeline.ProfileKey.ZONES_ROOT, zonesRoot);
    profile.put(io.dif.pipeline.ProfileKey.CATALOG, catalog);
    profile.put(io.dif.pipeline.ProfileKey.S3_ENDPOINT, s3Endpoint);
  }

  /** Loads {@code <conf-dir>/<client>.yaml}, which must exist and be the file of that client. */
  ClientConfig loadClient(String client) {
    Path file = requireClient(client);
    ClientConfig config = new ClientConfigLoader().load(file);
    if (!config.client().equals(client)) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot use " + file
          + " for client " + client + ": the file says client: " + config.client()
          + " (a client's file is named after it)");
    }
    return config;
  }

  /** The client's config file; a missing one is refused with the clients that exist. */
  Path requireClient(String client) {
    Path file = confDir().resolve(client + ".yaml");
    if (Files.isRegularFile(file)) {
      return file;
    }
    if (!Files.isDirectory(confDir())) {
      throw new ConfigurationException(ErrorCode.CONFIG_NOT_FOUND, "Cannot find client "
          + client + ": no folder " + confDir() + " (run from the project folder or give"
          + " --conf-dir)");
    }
    throw new ConfigurationException(ErrorCode.CONFIG_NOT_FOUND, "Cannot find client " + client
        + ": no file " + file + "; clients are: " + clients());
  }

  private String clients() {
    try {
      List<String> names = clientIds();
      return names.isEmpty() ? "none yet" : String.join(", ", names);
    } catch (ConfigurationException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** The ids of the client files in the config folder, sorted. */
  List<String> clientIds() {
    try (Stream<Path> files = Files.list(confDir())) {
      return files.map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".yaml"))
          .map(name -> name.substring(0, name.length() - ".yaml".length()))
          .sorted().toList();
    } catch (IOException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_NOT_FOUND, "Cannot list clients: no"
          + " readable folder " + confDir() + " (run from the project folder or give --conf-dir)");
    }
  }
}
