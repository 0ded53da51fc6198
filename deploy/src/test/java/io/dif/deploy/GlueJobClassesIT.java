package io.dif.deploy;

import static io.dif.deploy.TerraformFiles.map;
import static io.dif.deploy.TerraformFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Every Glue job's {@code --class} is a main class of the shaded jar Terraform deploys, and the
 * Glue script Terraform points at exists. Runs in the integration-test phase (failsafe): the
 * shaded jar is built by glue-jobs at package.
 */
class GlueJobClassesIT {
  /** The job name to its --class, from the jobs of modules/glue. */
  static Map<String, String> jobClasses(TerraformFiles terraform) {
    Map<String, String> classes = new LinkedHashMap<>();
    map(terraform.locals("modules/glue").get("jobs")).forEach((job, settings) ->
        classes.put(job, text(map(settings).get("class"))));
    return classes;
  }

  @Test
  void everyJobClassIsAMainClassOfTheShadedJar() throws IOException {
    Path jar = Path.of(System.getProperty("dif.glue.jar", TerraformFiles.REPO
        .resolve("glue-jobs/target/dif-glue-jobs-0.1.0-SNAPSHOT-glue.jar").toString()));
    assertThat(Files.isRegularFile(jar))
        .as("The shaded Glue jar %s is missing: build it first (mvn package -pl glue-jobs -am,"
            + " or run this module's checks with mvn verify from the root)", jar)
        .isTrue();
    Map<String, String> classes = jobClasses(new TerraformFiles());
    assertThat(classes).containsOnlyKeys("transform", "load");
    try (JarFile file = new JarFile(jar.toFile())) {
      classes.forEach((job, name) -> {
        JarEntry entry = file.getJarEntry(name.replace('.', '/') + ".class");
        assertThat(entry).as("job %s: --class %s is not in %s", job, name, jar).isNotNull();
        String constants = classConstants(file, entry);
        // a main method: the name and the descriptor ([Ljava/lang/String;)V in its constant pool
        assertThat(constants).as("job %s: %s has no main(String[])", job, name)
            .contains("main").contains("([Ljava/lang/String;)V");
      });
    }
  }

  @Test
  void theGlueScriptTerraformPointsAtExists() {
    String variables = TerraformFiles.read(TerraformFiles.TERRAFORM.resolve("variables.tf"));
    Path script = TerraformFiles.REPO.resolve("glue-jobs/src/main/glue/dif-glue-entry.scala");
    assertThat(script).isRegularFile();
    assertThat(variables).contains("default     = \"glue/" + script.getFileName() + "\"");
  }

  private static String classConstants(JarFile file, JarEntry entry) {
    try (InputStream in = file.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new AssertionError("Cannot read " + entry.getName(), e);
    }
  }
}
