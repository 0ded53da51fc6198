package io.dif.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.config.DatasetConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders every statement of a Redshift load, one a line, and compares it with a golden file
 * under {@code src/test/resources/golden/}; {@code -Ddif.golden.update=true} rewrites the files.
 */
final class RedshiftGolden {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-03T04:05:06.789Z"), ZoneOffset.UTC);
  static final String CURATED = "s3://dif-curated/curated/acme/insights";
  static final String ROLE = "arn:aws:iam::123456789012:role/dif-redshift-copy";
  private static final Path FOLDER = Path.of("src/test/resources/golden");

  private RedshiftGolden() {}

  static DatasetConfig dataset(String mode) {
    return CuratedFixtures.dataset(mode.equals("merge") ? "merge" : mode, "", true);
  }

  /** The statements of a load of {@code dates} into a table that has every column already. */
  static List<String> statements(DatasetConfig config, Map<LocalDate, String> manifests) {
    LoadBatch batch = new LoadBatch("acme", "insights", config, CURATED,
        List.copyOf(manifests.keySet()));
    RedshiftDialect dialect = new RedshiftDialect();
    LoadStatements sql = new LoadStatements(dialect, batch, CLOCK.instant());
    List<String> statements = new ArrayList<>();
    statements.add(sql.createSchema());
    statements.add(sql.createTable());
    statements.addAll(RedshiftStatements.stage(sql, dialect, batch, manifests, ROLE));
    statements.add("BEGIN");
    statements.addAll(sql.transaction());
    statements.add("COMMIT");
    statements.add(sql.dropStage());
    return statements;
  }

  static void check(String name, String actual) throws IOException {
    Path file = FOLDER.resolve(name);
    if (Boolean.getBoolean("dif.golden.update")) {
      Files.createDirectories(FOLDER);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden file %s (regenerate with -Ddif.golden.update=true)", file)
        .exists();
    assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  static List<String> read(String name) throws IOException {
    return Files.readAllLines(FOLDER.resolve(name), StandardCharsets.UTF_8);
  }
}
