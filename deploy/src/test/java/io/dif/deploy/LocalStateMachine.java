package io.dif.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state machine of terraform/modules/orchestration, rendered the way Terraform's
 * templatefile does, and executed by src/test/node/run-state-machine.mjs
 * (aws-local-stepfunctions) with its Task states running local commands.
 */
final class LocalStateMachine {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)\\}");

  private LocalStateMachine() {
  }

  /** The names the template uses: ${name}. */
  static Set<String> placeholders() {
    Set<String> names = new TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(TerraformFiles.read(TerraformFiles.STATE_MACHINE));
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /** The definition with every ${name} replaced by its value (numbers and lists as JSON). */
  static String render(Map<String, String> values) {
    Set<String> missing = new TreeSet<>(placeholders());
    missing.removeAll(values.keySet());
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("No value for " + missing + " of "
          + TerraformFiles.STATE_MACHINE);
    }
    Matcher matcher = PLACEHOLDER.matcher(TerraformFiles.read(TerraformFiles.STATE_MACHINE));
    StringBuilder rendered = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(rendered, Matcher.quoteReplacement(values.get(matcher.group(1))));
    }
    matcher.appendTail(rendered);
    try {
      JSON.readTree(rendered.toString());
    } catch (IOException e) {
      throw new IllegalStateException("The rendered state machine is not JSON: " + e.getMessage(),
          e);
    }
    return rendered.toString();
  }

  /**
   * Runs one execution. {@code stages} is the JSON described in run-state-machine.mjs and
   * StateMachineIT; the result is {@code {status, error, cause, output, invocations, events}}.
   */
  static JsonNode execute(Path folder, String definition, JsonNode stages, JsonNode input) {
    try {
      Files.createDirectories(folder);
      Path definitionFile = folder.resolve("definition.json");
      Path stagesFile = folder.resolve("stages.json");
      Path inputFile = folder.resolve("input.json");
      Path resultFile = folder.resolve("result.json");
      Files.writeString(definitionFile, definition);
      JSON.writeValue(stagesFile.toFile(), stages);
      JSON.writeValue(inputFile.toFile(), input);
      Files.deleteIfExists(resultFile);
      NodeTests.Result run = NodeTests.run(List.of("run-state-machine.mjs",
          definitionFile.toString(), stagesFile.toString(), inputFile.toString(),
          resultFile.toString()));
      if (run.exitCode() != 0 || !Files.exists(resultFile)) {
        throw new IllegalStateException("run-state-machine.mjs exited with " + run.exitCode()
            + ":\n" + run.output());
      }
      return JSON.readTree(resultFile.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run the state machine in " + folder, e);
    }
  }
}
