package io.dif.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates an expression over a pure module of terraform/ (no provider, no resource) with
 * {@code terraform console}: how tests compare what Terraform derives from the client files with
 * what DIF reads from them.
 */
final class TerraformConsole {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TerraformConsole() {}

  /**
   * The value of {@code expression} (e.g. {@code local.x}) in {@code module} (a folder under
   * terraform/modules) given {@code variables}, evaluated in {@code work}.
   */
  static JsonNode evaluate(Path work, String module, Map<String, Object> variables,
      String expression) throws IOException, InterruptedException {
    String terraform = Executables.requireOutsideCi("terraform",
        "modules/" + module + " is evaluated by terraform console (Terraform 1.x)");
    Files.copy(TerraformFiles.TERRAFORM.resolve("modules/" + module + "/main.tf"),
        work.resolve("main.tf"));
    JSON.writeValue(work.resolve("test.tfvars.json").toFile(), variables);
    run(work, List.of(terraform, "init", "-backend=false", "-input=false", "-no-color"), null);
    String output = run(work, List.of(terraform, "console", "-var-file=test.tfvars.json"),
        "jsonencode(" + expression + ")\n");
    String line = output.lines().filter(l -> l.startsWith("\"")).findFirst().orElseThrow(
        () -> new AssertionError("terraform console printed no value: " + output));
    return JSON.readTree(JSON.readValue(line, String.class));
  }

  private static String run(Path work, List<String> command, String input) throws IOException,
      InterruptedException {
    Process process = new ProcessBuilder(command).directory(work.toFile())
        .redirectErrorStream(true).start();
    if (input != null) {
      process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
    return output;
  }
}
