package io.dif.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The events a reader of the raw zone sees: the pages committed runs' manifests list. */
final class RawEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RawEvents() {}

  static List<JsonNode> of(Path data, String client, String source, String stream)
      throws IOException {
    Path folder = Path.of(new ZoneLayout(data.toString()).rawStream(client, source, stream));
    List<JsonNode> events = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return events;
    }
    List<Path> manifests;
    try (Stream<Path> found = Files.find(folder, 3, (path, attributes) ->
        path.getFileName().toString().equals(ZoneLayout.MANIFEST))) {
      manifests = found.sorted().toList();
    }
    for (Path manifestFile : manifests) {
      RawManifest manifest;
      try (InputStream in = Files.newInputStream(manifestFile)) {
        manifest = RawManifest.fromJson(in);
      }
      for (RawManifest.Page page : manifest.pages()) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
            manifestFile.resolveSibling(page.file())))) {
          JsonNode array = JSON.readTree(in);
          array.forEach(events::add);
        }
      }
    }
    return events;
  }
}
