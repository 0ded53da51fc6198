package io.dif.deploy;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Terraform files of the repository, parsed with hcl4j. hcl4j keeps literals (strings,
 * numbers, booleans, map keys) and names references ({@code var.x}, {@code aws_s3_bucket.this})
 * by their text; what Terraform computes (function calls, variables) comes back as null or as
 * partial text, so checks look at literals and reference names, and at the raw text where needed.
 */
final class TerraformFiles {
  static final Path REPO = Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
      .getParent().normalize();
  static final Path TERRAFORM = REPO.resolve("terraform");
  static final Path STATE_MACHINE = TERRAFORM.resolve(
      "modules/orchestration/state-machine.asl.json");

  private final Map<Path, Map<String, Object>> parsed = new LinkedHashMap<>();

  TerraformFiles() {
    try (Stream<Path> walk = Files.walk(TERRAFORM)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".tf"))
          .filter(p -> !p.toString().contains("/.terraform/")).sorted().toList()) {
        parsed.put(file, parse(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Terraform files under " + TERRAFORM, e);
    }
    if (parsed.isEmpty()) {
      throw new IllegalStateException("No Terraform files under " + TERRAFORM);
    }
  }

  private static Map<String, Object> parse(Path file) {
    try {
      return new HCLParser().parse(file.toFile(), StandardCharsets.UTF_8.name());
    } catch (HCLParserException | IOException | RuntimeException e) {
      throw new IllegalStateException("Cannot parse " + REPO.relativize(file) + ": " + e, e);
    }
  }

  Map<Path, Map<String, Object>> files() {
    return parsed;
  }

  /** The text of every Terraform file and of the state machine template. */
  Map<Path, String> texts() {
    Map<Path, String> texts = new LinkedHashMap<>();
    for (Path file : parsed.keySet()) {
      texts.put(file, read(file));
    }
    texts.put(STATE_MACHINE, read(STATE_MACHINE));
    return texts;
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** Every resource of this type, as "file: type.name" to its body. */
  Map<String, Map<String, Object>> resources(String type) {
    return blocks("resource", type);
  }

  Map<String, Map<String, Object>> dataSources(String type) {
    return blocks("data", type);
  }

  /** The module call of the root module with this name. */
  Map<String, Object> moduleCall(String name) {
    Map<String, Object> modules = map(parsed.get(TERRAFORM.resolve("main.tf")).get("module"));
    Map<String, Object> call = map(modules.get(name));
    if (call.isEmpty()) {
      throw new AssertionError("terraform/main.tf calls no module " + name);
    }
    return call;
  }

  Map<String, Object> locals(String moduleFolder) {
    return map(parsed.get(TERRAFORM.resolve(moduleFolder).resolve("main.tf")).get("locals"));
  }

  private Map<String, Map<String, Object>> blocks(String kind, String type) {
    Map<String, Map<String, Object>> found = new LinkedHashMap<>();
    parsed.forEach((file, body) -> map(map(body.get(kind)).get(type)).forEach((name, block) ->
        found.put(REPO.relativize(file) + ": " + type + "." + name, map(block))));
    return found;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** A nested block given once is a map, given several times a list: always a list here. */
  static List<Map<String, Object>> blockList(Object value) {
    List<Map<String, Object>> list = new ArrayList<>();
    if (value instanceof List<?> items) {
      items.forEach(item -> list.add(map(item)));
    } else if (value instanceof Map<?, ?>) {
      list.add(map(value));
    }
    return list;
  }

  /** The text of a reference or literal ({@code aws_s3_bucket.this}, {@code each.value.id}). */
  static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
