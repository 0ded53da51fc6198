package io.dif.glue;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Loads a client config from a local path, or from a URI ({@code s3://}, {@code s3a://},
 * {@code file:}) through the Hadoop FileSystem the Spark job already has.
 */
final class ClientConfigFiles {
  private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*");

  private ClientConfigFiles() {}

  static ClientConfig load(String location, Configuration hadoopConf) {
    ClientConfigLoader loader = new ClientConfigLoader();
    if (!URI_SCHEME.matcher(location).matches()) {
      return loader.load(Path.of(location));
    }
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    String text;
    try {
      FileSystem fs = path.getFileSystem(hadoopConf);
      try (InputStream in = fs.open(path)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (FileNotFoundException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_NOT_FOUND,
          "Cannot load client config: no such file: " + location);
    } catch (IOException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_NOT_FOUND,
          "Cannot load client config: " + e.getMessage() + ": " + location);
    }
    return loader.parse(location, text);
  }
}
