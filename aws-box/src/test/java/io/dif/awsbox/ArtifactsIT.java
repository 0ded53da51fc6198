package io.dif.awsbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mvn package} makes for AWS, opened as Glue, ECS and EMR will: the shaded Glue jar
 * with the jobs and what Glue does not provide, the Glue script, and the extractor jar.
 */
class ArtifactsIT {
  private static final Path GLUE_JOBS = AwsBox.ROOT.resolve("glue-jobs/target");
  private static final Path EXTRACTOR = AwsBox.ROOT.resolve("extractor/target/dif-extractor.jar");
  /** What Glue 5.0 and EMR 7.8 provide: never inside the Glue jar. */
  private static final List<String> PROVIDED = List.of("org/apache/spark/", "scala/",
      "org/apache/hadoop/", "software/amazon/awssdk/", "org/apache/iceberg/",
      "com/fasterxml/jackson/core/");

  @Test
  void theGlueJarHoldsTheJobsAndNothingGlueProvides() throws IOException {
    Path jar = glueJar();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<String> names = zip.stream().map(ZipEntry::getName).toList();
      assertThat(names).contains("io/dif/glue/TransformJob.class", "io/dif/glue/LoadJob.class",
          "io/dif/pipeline/Pipeline.class", "io/dif/transform/DatasetTransform.class",
          "io/dif/load/PostgresLoader.class");
      for (String provided : PROVIDED) {
        assertThat(names).as("classes under %s in %s", provided, jar)
            .noneMatch(name -> name.startsWith(provided));
      }
      // libraries Glue also ships in other versions are relocated
      assertThat(names).noneMatch(name -> name.startsWith("org/yaml/snakeyaml/"))
          .anyMatch(name -> name.startsWith("io/dif/shaded/snakeyaml/"));
    }
    System.out.printf("glue jar: %s, %.1f MB%n", jar.getFileName(), Files.size(jar) / 1e6);
  }

  @Test
  void theGlueScriptNamesNoLogicAndTheJobsTakeTheirClassFromTheJar() throws IOException {
    Path script = GLUE_JOBS.resolve("glue/dif-glue-entry.scala");
    assertThat(script).exists();
    String text = Files.readString(script, StandardCharsets.UTF_8);
    assertThat(text).contains("io.dif.glue.TransformJob", "io.dif.glue.LoadJob",
        "DIF_EXIT_CODE=");
  }

  @Test
  void theExtractorJarRunsWithoutSparkAndIsSmall(@TempDir Path data) throws Exception {
    try (ZipFile zip = new ZipFile(EXTRACTOR.toFile())) {
      assertThat(zip.stream().map(ZipEntry::getName))
          .noneMatch(name -> name.startsWith("org/apache/spark/"))
          .noneMatch(name -> name.startsWith("org/duckdb/"))
          .contains("io/dif/cli/DifCommand.class", "io/dif/pipeline/Pipeline.class");
    }
    long bytes = Files.size(EXTRACTOR);
    System.out.printf("extractor jar: %.1f MB%n", bytes / 1e6);
    assertThat(bytes).isLessThanOrEqualTo(60L * 1000 * 1000);

    Process help = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", EXTRACTOR.toString(), "extract", "--help")
        .redirectErrorStream(true).start();
    String output = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(help.exitValue()).as(output).isZero();
    assertThat(output).contains("Usage: dif extract", "--client", "--zones-root",
        "--control-store", "--redis-url");

    Process transform = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-jar", EXTRACTOR.toString(), "transform", "--client", "demo",
        "--data-dir", data.toString())
        .redirectErrorStream(true).start();
    String refused = new String(transform.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8);
    assertThat(transform.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(transform.exitValue()).isEqualTo(1);
    assertThat(refused).contains("Cannot run dif transform here: this is the extractor"
        + " artifact, without Spark");
  }

  private static Path glueJar() throws IOException {
    try (Stream<Path> files = Files.list(GLUE_JOBS)) {
      return files.filter(file -> file.getFileName().toString().endsWith("-glue.jar"))
          .findFirst().orElseThrow(() -> new AssertionError("no *-glue.jar in " + GLUE_JOBS
              + ": mvn package builds it"));
    }
  }
}
