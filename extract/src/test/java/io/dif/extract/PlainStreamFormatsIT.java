package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.raw.LocalRawStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain GET streams that answer something else than JSON: a CSV export paged by the Link
 * header, an XML feed, a gzipped JSON Lines dump. Each page lands as received (gzipped on the
 * way unless it is gzip already) under its format's extension, for the transform to read.
 */
class PlainStreamFormatsIT {
  private static final LocalDate TODAY = LocalDate.of(2024, 2, 1);

  @TempDir
  Path root;

  private static ClientConfig config(String baseUrl) {
    return new ClientConfigLoader().parse("files.yaml", """
        version: 1
        client: files
        sources:
          shop:
            base_url: %s
            retry: { initial_backoff: PT0.01S }
            streams:
              orders:
                request: { path: /exports/orders.csv, query: { per_page: 2 } }
                format: csv
                paginate: { type: link_header }
              products:
                request: { path: /feeds/products.xml }
                format: xml
              events:
                request: { path: /dumps/events.jsonl.gz }
                format: json_lines
        """.formatted(baseUrl));
  }

  @Test
  void csvXmlAndJsonLinesPagesLandAsTheirFormat() throws IOException {
    try (TestingApiServer shop = new TestingApiServer()) {
      String csv1 = "id,amount,email\n1,\"1,50\",a@example.com\n2,3.00,b@example.com\n";
      String csv2 = "id,amount,email\n3,4.25,c@example.com\n";
      shop.expect("GET", "/exports/orders.csv").noQuery("page").respond(new MockResponse()
          .setHeader("Content-Type", "text/csv; charset=utf-8")
          .setHeader("Link", "<" + shop.url("/exports/orders.csv") + "?per_page=2&page=2>;"
              + " rel=\"next\"")
          .setBody(csv1));
      shop.expect("GET", "/exports/orders.csv").query("page", "2").respond(new MockResponse()
          .setHeader("Content-Type", "text/csv; charset=utf-8").setBody(csv2));
      String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
          + "<item><g:id xmlns:g=\"http://base.google.com/ns/1.0\">p1</g:id><title>Mug</title>"
          + "</item></channel></rss>";
      shop.expect("GET", "/feeds/products.xml").respond(new MockResponse()
          .setHeader("Content-Type", "application/rss+xml").setBody(xml));
      byte[] events = ExampleScenario.gzip("{\"id\":1}\n{\"id\":2}\n");
      shop.expect("GET", "/dumps/events.jsonl.gz").respond(new MockResponse()
          .setHeader("Content-Type", "application/gzip").setBody(new Buffer().write(events)));

      ExtractionResult result = ExtractionFailures.rethrow(new Extractor(
          new LocalRawStore(new ZoneLayout(root.toString())),
          new SourceHttpClients(new InMemoryCredentialStore()), BaseUrls.fromConfig(),
          Clock.systemUTC()).extract(config(shop.baseUrl()), ExtractionPlan.everything(TODAY)));

      shop.verify();
      assertThat(result.failures()).isEmpty();
      Path orders = ExampleScenario.run(root, "files", "shop", "orders", TODAY);
      RawManifest ordersManifest = ExampleScenario.manifest(orders);
      assertThat(ordersManifest.pages()).extracting(RawManifest.Page::file)
          .containsExactly("page-00000.csv.gz", "page-00001.csv.gz");
      assertThat(ordersManifest.pages()).allSatisfy(page -> {
        assertThat(page.contentType()).startsWith("text/csv");
        assertThat(page.compression()).isEqualTo("gzip");
      });
      assertThat(ExampleScenario.gunzip(orders.resolve("page-00000.csv.gz"))).isEqualTo(csv1);
      assertThat(ExampleScenario.gunzip(orders.resolve("page-00001.csv.gz"))).isEqualTo(csv2);

      Path products = ExampleScenario.run(root, "files", "shop", "products", TODAY);
      assertThat(ExampleScenario.manifest(products).pages()).extracting(RawManifest.Page::file)
          .containsExactly("page-00000.xml.gz");
      assertThat(ExampleScenario.gunzip(products.resolve("page-00000.xml.gz"))).isEqualTo(xml);

      Path dump = ExampleScenario.run(root, "files", "shop", "events", TODAY);
      assertThat(ExampleScenario.manifest(dump).pages()).extracting(RawManifest.Page::file)
          .containsExactly("page-00000.jsonl.gz");
      // gzip as received: the very bytes sent
      assertThat(Files.readAllBytes(dump.resolve("page-00000.jsonl.gz"))).isEqualTo(events);
    }
  }
}
