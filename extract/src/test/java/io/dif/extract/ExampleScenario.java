package io.dif.extract;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.CredentialStore;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.raw.LocalRawStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Runs an example client config of conf/clients/examples against a fake API: its https hosts
 * point at the fake, and timings the test must not spend (pauses, poll intervals) are shortened.
 */
final class ExampleScenario {
  static final Path EXAMPLES = Path.of("..", "conf", "clients", "examples");

  private ExampleScenario() {}

  static ClientConfig load(String example, TestingApiServer server, Map<String, String> edits)
      throws IOException {
    String text = Files.readString(EXAMPLES.resolve(example + ".yaml"));
    text = text.replaceAll("https://[a-z0-9.-]+\\.(com|net)(?=[/\\s])", server.baseUrl());
    for (Map.Entry<String, String> edit : edits.entrySet()) {
      if (!text.contains(edit.getKey())) {
        throw new AssertionError(example + " has no " + edit.getKey());
      }
      text = text.replace(edit.getKey(), edit.getValue());
    }
    return new ClientConfigLoader().parse(example + ".yaml", text);
  }

  static ExtractionResult extract(Path root, ClientConfig config, CredentialStore credentials,
      String stream, LocalDate day) {
    Extractor extractor = new Extractor(new LocalRawStore(new ZoneLayout(root.toString())),
        new SourceHttpClients(credentials), BaseUrls.fromConfig(), Clock.systemUTC(),
        duration -> { });
    return ExtractionFailures.rethrow(extractor.extract(config, new ExtractionPlan(Optional.empty(),
        Optional.ofNullable(stream), Optional.ofNullable(day), Optional.ofNullable(day),
        LocalDate.of(2024, 2, 1))));
  }

  /** The one committed run of a stream and date. */
  static Path run(Path root, String client, String source, String stream, LocalDate dt)
      throws IOException {
    Path folder = root.resolve("raw").resolve(client).resolve(source).resolve(stream)
        .resolve("dt=" + dt);
    try (Stream<Path> runs = Files.list(folder)) {
      List<Path> all = runs.toList();
      if (all.size() != 1) {
        throw new AssertionError("expected one run in " + folder + ", found " + all);
      }
      return all.get(0);
    }
  }

  static RawManifest manifest(Path run) throws IOException {
    try (InputStream in = Files.newInputStream(run.resolve(ZoneLayout.MANIFEST))) {
      return RawManifest.fromJson(in);
    }
  }

  static String gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
