package io.dif.transform;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.zone.ZoneLayout;
import java.util.Optional;

/**
 * A transform process for the large-page test: transforms the given datasets of
 * {@link #CONFIG} from the zones under a folder with local Spark, in a JVM whose heap the test
 * chooses, and prints one line per dataset: {@code RESULT <dataset> <read> <curated>
 * <quarantined>}. Arguments: zonesRoot dataset...
 */
public final class TestingLargePageTransform {
  static final String CONFIG = """
      version: 1
      client: acme
      sources:
        exports:
          base_url: https://exports.example.com
          streams:
            csv: { request: { path: /export.csv }, format: csv }
            json: { request: { path: /export.json }, records: /data }
      datasets:
        csv:
          from: exports.csv
          format: csv
          key: [id]
          columns:
            - { name: id, type: long, required: true }
            - { name: day, type: date }
            - { name: campaign, type: string }
            - { name: clicks, type: int }
            - { name: spend, type: "decimal(18,2)" }
            - { name: note, type: string }
          destination: { table: t.csv, mode: append }
        json:
          from: exports.json
          key: [id]
          columns:
            - { name: id, type: long, required: true }
            - { name: day, type: date }
            - { name: campaign, type: string }
            - { name: clicks, type: int }
            - { name: spend, type: "decimal(18,2)" }
            - { name: note, type: string }
          destination: { table: t.json, mode: append }
      """;

  private TestingLargePageTransform() {}

  public static void main(String[] args) {
    ClientConfig client = new ClientConfigLoader().parse("acme.yaml", CONFIG);
    DatasetTransform transform = new DatasetTransform(TestingSpark.session(),
        new ZoneLayout(args[0]));
    for (int i = 1; i < args.length; i++) {
      TransformResult result = transform.transform(client, args[i], Optional.empty(),
          Optional.empty());
      System.out.println("RESULT " + args[i] + " " + result.rowsRead() + " "
          + result.rowsCurated() + " " + result.rowsQuarantined());
    }
    TestingSpark.session().stop();
  }
}
